package io.openclaw.deploy.agent.state;

import io.openclaw.deploy.agent.testing.TestReleases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The releases of the state migration tests: one loop, the sample loop as {@code memory_manager}, with its state. */
final class StateReleases {
    static final String LOOP = "memory_manager";

    private StateReleases() {}

    /** A release zip under {@code dir}: {@code state} is the loop's {@code state:} value, in flow style. */
    static Path release(Path dir, String version, String strategy, String state) throws Exception {
        return TestReleases.withManifest(Files.createDirectories(dir), "version: " + version + "\n"
                + "loops:\n"
                + "  - name: " + LOOP + "\n"
                + "    strategy: " + strategy + "\n"
                + "    command: [\"${JAVA}\", \"-XX:TieredStopAtLevel=1\", \"-XX:+UseSerialGC\", \"-Xmx48m\","
                + " \"-Xss512k\", \"-jar\", \"loops/sample-loop.jar\", \"--port\", \"${PORT}\"]\n"
                + "    health: {http: /health, timeout_seconds: 2}\n"
                + "    shutdown: {http: /shutdown}\n"
                + "    state: " + state + "\n");
    }

    /**
     * Deployment options of a canary that holds 50 % until promoted or aborted by hand. The latency limit is out of
     * reach: on a busy machine a slow canary must not be rolled back by its analysis.
     */
    static Map<String, Object> canaryAtHalf() {
        return Map.of("canary", Map.of("phases", List.of(Map.of("percentage", 50, "duration_seconds", 600),
                Map.of("percentage", 100)), "check_interval_seconds", 1, "min_requests", 3,
                "thresholds", Map.of("latency_p95_max_ms", 600_000)));
    }
}
