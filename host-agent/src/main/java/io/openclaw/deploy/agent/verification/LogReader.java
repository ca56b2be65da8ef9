package io.openclaw.deploy.agent.verification;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Counts the lines and error lines of a log file from an offset, reading at most its last few MiB. */
final class LogReader {
    /** Bounds the work (and the memory) of a check on a loop that logged a lot since. */
    static final long MOST_BYTES = 4L * 1024 * 1024;

    private final Pattern errorLine;

    LogReader(Pattern errorLine) {
        this.errorLine = errorLine;
    }

    /** @param from where to start; a file now shorter than that was rotated and is read from its start */
    LogBaseline.LogCount count(Path log, long from) throws IOException {
        return read(log, from, Long.MAX_VALUE);
    }

    /**
     * What the file held before it was {@code end} bytes long (a baseline's length); nothing for a file now shorter,
     * rotated since, whose earlier lines are no longer there.
     */
    LogBaseline.LogCount countBefore(Path log, long end) throws IOException {
        return end <= 0 ? LogBaseline.LogCount.ZERO : read(log, 0, end);
    }

    private LogBaseline.LogCount read(Path log, long from, long end) throws IOException {
        if (!Files.isRegularFile(log)) {
            return LogBaseline.LogCount.ZERO;
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long size = file.length();
            if (end != Long.MAX_VALUE && size < end) {
                return LogBaseline.LogCount.ZERO;
            }
            long stop = Math.min(size, end);
            long start = from > stop ? 0 : from;
            start = Math.max(start, stop - MOST_BYTES);
            byte[] bytes = new byte[(int) (stop - start)];
            file.seek(start);
            file.readFully(bytes);
            return count(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    LogBaseline.LogCount count(String text) {
        long lines = 0;
        long errors = 0;
        for (String line : text.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            lines++;
            if (errorLine.matcher(line).find()) {
                errors++;
            }
        }
        return new LogBaseline.LogCount(lines, errors);
    }
}
