package io.openclaw.deploy.agent.release;

import java.util.Arrays;
import java.util.Locale;

/** How a loop is released; spec 2.2 gives each loop's default. */
public enum LoopStrategy {
    BLUE_GREEN("blue-green"),
    ROLLING("rolling"),
    CANARY("canary"),
    FEATURE_FLAG("feature-flag");

    private final String id;

    LoopStrategy(String id) {
        this.id = id;
    }

    /** The name used in manifests, the API and the CLI. */
    public String id() {
        return id;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static LoopStrategy fromId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(s -> s.id.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown strategy '" + id + "' (expected one of blue-green, rolling, canary, feature-flag)"));
    }
}
