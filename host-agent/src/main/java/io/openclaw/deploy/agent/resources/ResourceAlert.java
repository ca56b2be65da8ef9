package io.openclaw.deploy.agent.resources;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A figure of one instance that crossed its threshold for the configured duration ({@code RAISED}), or came back
 * below it ({@code CLEARED}). Alerts are for a person: nothing is rolled back because of one.
 *
 * @param figure   {@code cpu} or {@code memory}
 * @param percent  the figure at the sample that changed the alert, 0-100
 * @param lasted   how long the figure had been above the threshold (raised) or the alert had lasted (cleared)
 */
public record ResourceAlert(Kind kind, String instanceId, String loop, String version, String figure, double percent,
                            double thresholdPercent, Duration lasted) {

    public enum Kind { RAISED, CLEARED }

    public String message() {
        return switch (kind) {
            case RAISED -> String.format(Locale.ROOT,
                    "resource alert: %s of %s (%s %s) at %.1f%% has been above %.1f%% for %d s; no automatic action",
                    figure, instanceId, loop, version, percent, thresholdPercent, lasted.toSeconds());
            case CLEARED -> String.format(Locale.ROOT,
                    "resource alert cleared: %s of %s (%s %s) back to %.1f%% (threshold %.1f%%) after %d s",
                    figure, instanceId, loop, version, percent, thresholdPercent, lasted.toSeconds());
        };
    }

    /** The figures, for a deployment event. */
    public Map<String, Object> data() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("alert", kind.name().toLowerCase(Locale.ROOT));
        d.put("instance", instanceId);
        d.put("loop", loop);
        d.put("version", version);
        d.put("figure", figure);
        d.put("percent", Math.round(percent * 10) / 10.0);
        d.put("thresholdPercent", thresholdPercent);
        d.put("seconds", lasted.toSeconds());
        return d;
    }
}
