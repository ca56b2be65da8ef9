package io.jenkins.plugins.openclaw.core;

import java.util.Arrays;
import java.util.Locale;

/** What {@code openclawControl} can do to a running deployment. */
public enum ControlAction {
    PROMOTE,
    PAUSE,
    RESUME,
    ABORT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static ControlAction parse(String action) {
        String a = DeployArguments.trimToNull(action);
        if (a != null) {
            for (ControlAction c : values()) {
                if (c.id().equalsIgnoreCase(a)) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("action '" + action + "' is not one of "
                + Arrays.stream(values()).map(ControlAction::id).toList());
    }
}
