package io.openclaw.deploy.agent.verification;

import io.openclaw.deploy.agent.router.TrafficStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Spec 10.2 "P95 latency < 200 ms": per loop, the serving version's p95 over the router's window. The router gives
 * a p95 as the upper bound of its latency bucket, so a loop passes while that bound is at most the limit.
 */
final class LatencyCheck implements Check {
    private final Duration window;
    private final long maxMillis;

    LatencyCheck(Duration window, long maxMillis) {
        this.window = window;
        this.maxMillis = maxMillis;
    }

    @Override
    public String id() {
        return "p95_latency";
    }

    @Override
    public String title() {
        return "P95 latency < " + maxMillis + " ms";
    }

    @Override
    public Finding run(VerificationRun run) throws InterruptedException {
        return judge(run.traffic(), maxMillis, window);
    }

    static Finding judge(Map<String, TrafficStats> perLoop, long maxMillis, Duration window) {
        String threshold = "<= " + maxMillis + " ms per loop over " + window.toSeconds() + " s";
        List<String> problems = new ArrayList<>();
        String worstLoop = null;
        long worst = -1;
        for (Map.Entry<String, TrafficStats> e : perLoop.entrySet()) {
            TrafficStats s = e.getValue();
            if (s.requests() == 0) {
                continue;
            }
            if (s.p95LatencyMillis() > worst) {
                worst = s.p95LatencyMillis();
                worstLoop = e.getKey();
            }
            if (s.p95LatencyMillis() > maxMillis) {
                problems.add(e.getKey() + ": p95 " + shown(s.p95LatencyMillis()) + " over " + s.requests()
                        + " requests");
            }
        }
        if (worstLoop == null) {
            return Finding.pass("no requests in the last " + window.toSeconds() + " s", threshold);
        }
        return Finding.judged(problems, "highest p95 " + shown(worst) + " (" + worstLoop + ")", threshold);
    }

    private static String shown(long millis) {
        return millis == Long.MAX_VALUE ? "over 120000 ms" : millis + " ms";
    }
}
