package io.jenkins.plugins.openclaw.core;

import java.util.Locale;

/** Human durations for logs and pages: {@code 850 ms}, {@code 12.4 s}, {@code 3 min 05 s}, {@code 1 h 02 min}. */
public final class Durations {
    private Durations() {}

    public static String text(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, (seconds % 3600) / 60);
    }

    /** Sub-millisecond precision for the agent's switch timings: {@code 0.09 ms}, {@code 13.4 ms}, {@code 1.2 s}. */
    public static String ofMicros(long micros) {
        if (micros < 1_000) {
            return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
        }
        if (micros < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
        }
        return text(micros / 1000);
    }
}
