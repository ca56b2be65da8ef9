package io.openclaw.deploy.agent.verification;

import java.nio.file.Path;
import java.util.Map;

/**
 * The loops' log output before a deployment: each loop's share of error lines (what is normal for it), and how long
 * each log file was, so that the verification afterwards reads only what was written since.
 */
public record LogBaseline(Map<String, LogCount> perLoop, Map<Path, Long> sizes) {
    /** No baseline: every loop's share is 0 and whole log files are read. */
    public static final LogBaseline NONE = new LogBaseline(Map.of(), Map.of());

    public LogBaseline {
        perLoop = Map.copyOf(perLoop);
        sizes = Map.copyOf(sizes);
    }

    /** Lines and error lines counted in some log output. */
    public record LogCount(long lines, long errors) {
        static final LogCount ZERO = new LogCount(0, 0);

        LogCount plus(LogCount other) {
            return new LogCount(lines + other.lines, errors + other.errors);
        }

        double errorShare() {
            return lines == 0 ? 0 : (double) errors / lines;
        }
    }

    /** How {@link #sizes} names a file, whichever way it was reached. */
    static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    /** How long the file was when the baseline was taken; 0 for a file that did not exist. */
    long sizeOf(Path file) {
        return sizes.getOrDefault(key(file), 0L);
    }

    LogCount of(String loop) {
        return perLoop.getOrDefault(loop, LogCount.ZERO);
    }
}
