package io.jenkins.plugins.openclaw.core;

import io.openclaw.deploy.protocol.DeploymentEvent;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Turns agent events into build-log lines such as
 * {@code [openclaw] 21:04:05 VERIFYING analysis  planner: canary healthy (error_rate=0.1, p99_ms=120)}.
 * The most useful details (loop, slot, version, weights) come first; the remaining figures follow in name order.
 */
public final class EventLines {
    public static final String PREFIX = "[openclaw] ";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final List<String> LEADING = List.of("loop", "slot", "version", "weight", "weights", "phase");

    private EventLines() {}

    public static String render(DeploymentEvent event) {
        StringBuilder line = new StringBuilder(PREFIX);
        if (event.time() != null) {
            line.append(TIME.format(event.time())).append(' ');
        }
        if (event.state() != null) {
            line.append(event.state().name()).append(' ');
        }
        line.append(event.type() == null ? "event" : event.type());
        Map<String, Object> data = event.data();
        Object loop = data.get("loop");
        if (loop != null) {
            line.append("  ").append(loop).append(':');
        }
        if (event.message() != null && !event.message().isBlank()) {
            line.append(' ').append(oneLine(event.message()));
        }
        String details = details(data);
        if (!details.isEmpty()) {
            line.append(" (").append(details).append(')');
        }
        return line.toString();
    }

    static String details(Map<String, Object> data) {
        StringJoiner out = new StringJoiner(", ");
        for (String key : LEADING) {
            if (!key.equals("loop") && data.containsKey(key)) {
                out.add(key + "=" + value(data.get(key)));
            }
        }
        new TreeMap<>(data).forEach((key, value) -> {
            if (!LEADING.contains(key)) {
                out.add(key + "=" + value(value));
            }
        });
        return out.toString();
    }

    private static String value(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        return oneLine(String.valueOf(value));
    }

    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }
}
