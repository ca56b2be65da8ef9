package io.openclaw.deploy.agent.platform;

import java.util.Locale;

/** The two kinds of host the agent knows: Windows (production) and POSIX (Linux for development and tests). */
public enum OperatingSystem {
    WINDOWS,
    POSIX;

    public static OperatingSystem current() {
        return of(System.getProperty("os.name", ""));
    }

    static OperatingSystem of(String osName) {
        return osName.toLowerCase(Locale.ROOT).startsWith("windows") ? WINDOWS : POSIX;
    }
}
