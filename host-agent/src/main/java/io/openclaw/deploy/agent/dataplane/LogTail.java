package io.openclaw.deploy.agent.dataplane;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The end of a child process' log, for an error message that should say why the child failed without a second look. */
final class LogTail {
    /** Enough for a few lines of a stack trace; a log can be large, and only its end is read. */
    private static final int MAX_BYTES = 4096;

    private LogTail() {}

    /** The last {@code lines} lines of {@code log} joined by " | ", or a note that it cannot be read. */
    static String lastLines(Path log, int lines) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - MAX_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
            return all.isEmpty() ? "(nothing)" : String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }
}
