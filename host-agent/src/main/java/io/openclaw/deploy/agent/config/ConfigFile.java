package io.openclaw.deploy.agent.config;

/**
 * Builds the text of a commented YAML file: each key with its value and a comment saying what it does. Keeps
 * {@code writeDefault} readable as the agent.yaml it produces.
 */
final class ConfigFile {
    private final StringBuilder text = new StringBuilder();
    private int depth;

    ConfigFile comment(String line) {
        indent().append("# ").append(line).append('\n');
        return this;
    }

    ConfigFile blank() {
        text.append('\n');
        return this;
    }

    ConfigFile section(String key, String comment) {
        if (comment != null) {
            comment(comment);
        }
        indent().append(key).append(":\n");
        depth++;
        return this;
    }

    ConfigFile end() {
        depth--;
        return this;
    }

    ConfigFile value(String key, Object value, String comment) {
        comment(comment);
        indent().append(key).append(": ").append(value).append('\n');
        return this;
    }

    ConfigFile range(String key, PortRange range, String comment) {
        return value(key, "[" + range.first() + ", " + range.last() + "]", comment);
    }

    /** A string written double-quoted, so that addresses like {@code ::1} stay strings. */
    ConfigFile string(String key, String value, String comment) {
        return value(key, '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"', comment);
    }

    /** A list item written as a flow mapping, e.g. {@code - {percentage: 5, duration_seconds: 900}}. */
    ConfigFile item(String flowMapping) {
        indent().append("- {").append(flowMapping).append("}\n");
        return this;
    }

    private StringBuilder indent() {
        return text.append("  ".repeat(depth));
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
