package io.openclaw.deploy.agent.verification;

import io.openclaw.deploy.agent.router.LoopVersion;
import io.openclaw.deploy.agent.router.Router;
import io.openclaw.deploy.agent.router.TrafficStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Spec 10.2 "error rate < 0.1 %": per loop, the serving version's failed requests over the router's window. */
final class ErrorRateCheck implements Check {
    private final Duration window;
    private final double maxPercent;

    ErrorRateCheck(Duration window, double maxPercent) {
        this.window = window;
        this.maxPercent = maxPercent;
    }

    @Override
    public String id() {
        return "error_rate";
    }

    @Override
    public String title() {
        return "Error rate < " + percent(maxPercent);
    }

    @Override
    public Finding run(VerificationRun run) throws InterruptedException {
        return judge(run.traffic(), maxPercent, window);
    }

    /** What {@link VerificationRun#traffic} reads: each serving version's traffic over the window, by loop. */
    static Map<String, TrafficStats> traffic(Router router, List<ServingLoop> loops, Duration window) {
        List<LoopVersion> of = loops.stream().map(l -> new LoopVersion(l.loop(), l.version())).toList();
        List<TrafficStats> answered = router.trafficStats(of, window);
        Map<String, TrafficStats> stats = new LinkedHashMap<>();
        for (int i = 0; i < of.size(); i++) {
            stats.put(of.get(i).loop(), answered.get(i));
        }
        return stats;
    }

    /** Every loop's share of failed requests must stay below the limit (a limit of 0 allows none). */
    static Finding judge(Map<String, TrafficStats> perLoop, double maxPercent, Duration window) {
        long requests = 0;
        long failed = 0;
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, TrafficStats> e : perLoop.entrySet()) {
            TrafficStats s = e.getValue();
            long loopFailed = s.serverErrors() + s.routerErrors();
            requests += s.requests();
            failed += loopFailed;
            double loopPercent = 100.0 * s.errorRate();
            if (loopFailed > 0 && !(loopPercent < maxPercent)) {
                problems.add(e.getKey() + ": " + percent(loopPercent) + " (" + loopFailed + " of " + s.requests()
                        + " requests failed: " + s.serverErrors() + " 5xx, " + s.routerErrors() + " router errors)");
            }
        }
        String threshold = "< " + percent(maxPercent) + " per loop over " + window.toSeconds() + " s";
        if (requests == 0) {
            return Finding.pass("no requests in the last " + window.toSeconds() + " s", threshold);
        }
        String measured = percent(100.0 * failed / requests) + " of " + requests + " requests";
        return Finding.judged(problems, measured, threshold);
    }

    static String percent(double value) {
        return String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "").replaceAll("\\.$", "") + " %";
    }
}
