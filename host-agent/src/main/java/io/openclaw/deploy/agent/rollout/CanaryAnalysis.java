package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.config.RolloutConfig;
import io.openclaw.deploy.agent.router.TrafficStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One check of one loop's canary against the thresholds (spec 9.1): health first (a canary that cannot serve is
 * failed whatever its traffic says), then whether there is enough traffic to judge, then error rate and p95 latency.
 */
record CanaryAnalysis(String loop, String version, Verdict verdict, String trigger, String summary,
                      TrafficStats stats, List<String> unhealthy, int healthFailureStreak) {

    enum Verdict { PASS, INCONCLUSIVE, FAIL }

    static CanaryAnalysis judge(String loop, String version, TrafficStats stats, List<String> unhealthy,
            int healthFailureStreak, RolloutConfig config) {
        RolloutConfig.Canary c = config.canary();
        int needed = config.rollback().consecutiveFailures();
        String figures = String.format(Locale.ROOT, "error rate %.4f (%d of %d requests), p95 %d ms over %d s",
                stats.errorRate(), stats.serverErrors() + stats.routerErrors(), stats.requests(),
                stats.p95LatencyMillis(), stats.window().toSeconds());
        if (!unhealthy.isEmpty() && healthFailureStreak >= needed) {
            return new CanaryAnalysis(loop, version, Verdict.FAIL, "health_check",
                    "health check: " + String.join(", ", unhealthy) + " unhealthy at " + healthFailureStreak
                            + " consecutive checks (limit " + needed + ")",
                    stats, unhealthy, healthFailureStreak);
        }
        if (stats.requests() < c.minRequests()) {
            return new CanaryAnalysis(loop, version, Verdict.INCONCLUSIVE, null,
                    "inconclusive: " + stats.requests() + " canary requests, " + c.minRequests() + " needed ("
                            + figures + ")",
                    stats, unhealthy, healthFailureStreak);
        }
        if (stats.errorRate() > c.errorRateMax()) {
            return new CanaryAnalysis(loop, version, Verdict.FAIL, "error_rate",
                    String.format(Locale.ROOT, "error rate %.4f above %.4f (%d of %d requests in %d s)",
                            stats.errorRate(), c.errorRateMax(), stats.serverErrors() + stats.routerErrors(),
                            stats.requests(), stats.window().toSeconds()),
                    stats, unhealthy, healthFailureStreak);
        }
        if (stats.p95LatencyMillis() > c.latencyP95MaxMs()) {
            return new CanaryAnalysis(loop, version, Verdict.FAIL, "latency",
                    "latency: p95 " + stats.p95LatencyMillis() + " ms above " + c.latencyP95MaxMs() + " ms ("
                            + stats.requests() + " requests in " + stats.window().toSeconds() + " s)",
                    stats, unhealthy, healthFailureStreak);
        }
        return new CanaryAnalysis(loop, version, Verdict.PASS, null, "pass: " + figures, stats, unhealthy,
                healthFailureStreak);
    }

    /** The event data: every measured figure, so the history shows why each check went the way it did. */
    Map<String, Object> data() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("loop", loop);
        d.put("version", version);
        d.put("result", verdict.name().toLowerCase(Locale.ROOT));
        if (trigger != null) {
            d.put("trigger", trigger);
        }
        d.put("requests", stats.requests());
        d.put("serverErrors", stats.serverErrors());
        d.put("routerErrors", stats.routerErrors());
        d.put("errorRate", stats.errorRate());
        d.put("p95LatencyMillis", stats.p95LatencyMillis());
        d.put("windowSeconds", stats.window().toSeconds());
        d.put("unhealthyInstances", unhealthy);
        return d;
    }
}
