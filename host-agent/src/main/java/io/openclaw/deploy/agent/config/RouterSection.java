package io.openclaw.deploy.agent.config;

import io.openclaw.deploy.agent.config.yaml.YamlObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code router:} what the router allows a client: header and idle timeouts, connections, request body sizes. */
final class RouterSection {
    static final String KEY = "router";
    private static final Pattern LOOP_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private RouterSection() {}

    static AgentConfig.RouterLimits read(YamlObject router, AgentConfig.RouterLimits d) {
        Duration header = router.durationInAnyUnit("header_timeout", d.headerTimeout());
        Duration idle = router.durationInAnyUnit("idle_timeout", d.idleTimeout());
        int maxConnections = router.integer("max_connections", d.maxConnections(), 1, 1_000_000);
        long maxBody = router.longInteger("max_request_body_bytes", d.maxRequestBodyBytes(), 0, Long.MAX_VALUE);
        Map<String, Long> perLoop = new LinkedHashMap<>(d.maxRequestBodyBytesPerLoop());
        YamlObject loops = router.object("loops");
        for (String loop : loops.keys()) {
            if (!LOOP_NAME.matcher(loop).matches()) {
                throw loops.problem(loop, "is not a loop name ([a-z][a-z0-9_]{0,63})");
            }
            YamlObject limits = loops.object(loop);
            perLoop.put(loop, limits.longInteger("max_request_body_bytes", maxBody, 0, Long.MAX_VALUE));
            limits.rejectUnknown();
        }
        router.rejectUnknown();
        return new AgentConfig.RouterLimits(header, idle, maxConnections, maxBody, perLoop);
    }

    static void write(ConfigFile f, AgentConfig.RouterLimits r) {
        f.section(KEY, "What the router allows a client (loops: {<loop>: {max_request_body_bytes: N}} sets one loop's body limit).")
                .value(durationKey("header_timeout", r.headerTimeout()), durationValue(r.headerTimeout()),
                        "A request's header must be complete this long after its first byte; then the connection is closed.")
                .value(durationKey("idle_timeout", r.idleTimeout()), durationValue(r.idleTimeout()),
                        "A keep-alive connection with no request in progress is closed after this long.")
                .value("max_connections", r.maxConnections(),
                        "Client connections open at once; a connection beyond it is closed as soon as it is accepted.")
                .value("max_request_body_bytes", r.maxRequestBodyBytes(),
                        "Largest request body forwarded to a loop; a larger one is answered 413 (chunked ones too, mid-stream).");
        if (!r.maxRequestBodyBytesPerLoop().isEmpty()) {
            f.section("loops", "Loops whose body limit differs.");
            r.maxRequestBodyBytesPerLoop().forEach((loop, max) -> f.section(loop, null)
                    .value("max_request_body_bytes", max, "Largest request body forwarded to " + loop + ".")
                    .end());
            f.end();
        }
        f.end();
    }

    private static boolean wholeSeconds(Duration d) {
        return d.toNanosPart() == 0;
    }

    private static String durationKey(String stem, Duration d) {
        return stem + (wholeSeconds(d) ? "_seconds" : "_ms");
    }

    private static long durationValue(Duration d) {
        return wholeSeconds(d) ? d.toSeconds() : d.toMillis();
    }
}
