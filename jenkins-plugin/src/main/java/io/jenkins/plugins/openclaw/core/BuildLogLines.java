package io.jenkins.plugins.openclaw.core;

import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.EventTypes;
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
public final class BuildLogLines {
    public static final String PREFIX = "[openclaw] ";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final List<String> LEADING = List.of("loop", "slot", "version", "weight", "weights", "phase");

    private BuildLogLines() {}

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
        if (EventTypes.VERIFICATION.equals(event.type()) && data.get("report") instanceof Map<?, ?> report) {
            // The agent's checklist (spec 10.2), one line per item, rather than the report as one long map.
            checklist(line, report);
            return line.toString();
        }
        String details = details(data);
        if (!details.isEmpty()) {
            line.append(" (").append(details).append(')');
        }
        return line.toString();
    }

    private static void checklist(StringBuilder line, Map<?, ?> report) {
        if (!(report.get("items") instanceof List<?> items)) {
            return;
        }
        for (Object o : items) {
            if (!(o instanceof Map<?, ?> item)) {
                continue;
            }
            line.append('\n').append(PREFIX).append("  ").append(mark(item.get("verdict"))).append(' ')
                    .append(oneLine(String.valueOf(item.get("title")))).append(": ")
                    .append(oneLine(String.valueOf(item.get("measured"))))
                    .append(" (").append(oneLine(String.valueOf(item.get("threshold")))).append(')');
            if (item.get("details") instanceof List<?> details) {
                for (Object d : details) {
                    line.append('\n').append(PREFIX).append("      - ").append(oneLine(String.valueOf(d)));
                }
            }
        }
    }

    private static String mark(Object verdict) {
        return switch (String.valueOf(verdict)) {
            case "PASS" -> "\u2714";
            case "FAIL" -> "\u2718";
            default -> "!";
        };
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
