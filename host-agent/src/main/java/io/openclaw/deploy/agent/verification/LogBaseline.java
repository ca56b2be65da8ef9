package io.openclaw.deploy.agent.verification;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The loops' log files before a deployment: which files each loop's serving instances wrote, and how long each log
 * file was. Only lengths are taken before the change (a stat per file), so that a rollback's switch never waits for
 * log files to be read (each loop's last 4 MiB, once before every switch); the verification afterwards reads what was
 * written since each length, and each loop's share of error lines before it (what is normal for that loop) from the
 * same files up to those lengths, which an append-only log keeps as they were.
 */
public record LogBaseline(Map<String, List<Path>> filesPerLoop, Map<Path, Long> sizes) {
    /** No baseline: every loop's share is 0 and whole log files are read. */
    public static final LogBaseline NONE = new LogBaseline(Map.of(), Map.of());

    public LogBaseline {
        filesPerLoop = Map.copyOf(filesPerLoop);
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

    /** The files of the loop's serving instances at the baseline (none for a loop that did not serve then). */
    List<Path> filesOf(String loop) {
        return filesPerLoop.getOrDefault(loop, List.of());
    }
}
