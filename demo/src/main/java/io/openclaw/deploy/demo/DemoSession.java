package io.openclaw.deploy.demo;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.sample.Traffic;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every part of the demo works with: the agent's client, the deployment follower and the console. */
record DemoSession(AgentClient client, DeploymentWatch watch, PrintStream out) {
    /** How long the canary and flag parts may take before the demo aborts them (they need about 20 s). */
    static final Duration TIME_LIMIT = Duration.ofSeconds(90);

    /**
     * Per-deployment {@code options} for a canary or flag ramp the demo can show: 20 % and 50 % for {@code
     * phaseSeconds} each, then 100 %, an analysis every second over {@code windowSeconds}, and {@code more} keys of
     * the {@code canary} section.
     */
    static Map<String, Object> quickPhases(int phaseSeconds, int minRequests, int windowSeconds,
            Map<String, Object> more) {
        Map<String, Object> canary = new LinkedHashMap<>(more);
        canary.put("phases", List.of(Map.of("percentage", 20, "duration_seconds", phaseSeconds),
                Map.of("percentage", 50, "duration_seconds", phaseSeconds), Map.of("percentage", 100)));
        canary.put("check_interval_seconds", 1);
        canary.put("min_requests", minRequests);
        return Map.of("canary", canary, "rollback", Map.of("auto_rollback", Map.of("triggers",
                Map.of("error_rate", Map.of("window_seconds", windowSeconds)))));
    }

    /** Waits for {@code more} answers, so figures taken afterwards stand on traffic sent after an event. */
    static void awaitAnswers(Traffic traffic, long more) throws InterruptedException {
        if (!traffic.awaitMoreAnswers(more, Duration.ofSeconds(60))) {
            throw new IllegalStateException("traffic through the router stalled: " + traffic.routerFailures().size()
                    + " failure(s) so far");
        }
    }
}
