package io.openclaw.deploy.agent.supervisor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Rotates an instance log by copy-then-truncate: {@code x.log} is copied to {@code x.log.1} (older files shift to
 * {@code .2 … .N}, the oldest is deleted) and then truncated to zero.
 *
 * <p>Why not rename: the loop process holds the log open (the OS writes its stdout/stderr straight into it, so that it
 * keeps logging when the agent is gone). A rename would leave it writing into the renamed file forever, and on Windows
 * an open file cannot be renamed at all. The file is opened in append mode, so after the truncation the process'
 * next write lands at the new end (offset 0) instead of leaving a hole. Lines written between the copy and the
 * truncation are lost; that window is a few milliseconds and is the accepted price.
 */
final class LogRotator {
    private final long maxBytes;
    private final int keepFiles;

    LogRotator(long maxBytes, int keepFiles) {
        if (maxBytes < 1 || keepFiles < 0) {
            throw new IllegalArgumentException(
                    "log rotation needs max bytes >= 1 and keep files >= 0, got " + maxBytes + " and " + keepFiles);
        }
        this.maxBytes = maxBytes;
        this.keepFiles = keepFiles;
    }

    /** @return true if the log was larger than the limit and has been rotated */
    boolean rotateIfLarger(Path log) throws IOException {
        if (!Files.isRegularFile(log) || Files.size(log) <= maxBytes) {
            return false;
        }
        if (keepFiles > 0) {
            Files.deleteIfExists(rotated(log, keepFiles));
            for (int i = keepFiles - 1; i >= 1; i--) {
                Path older = rotated(log, i);
                if (Files.exists(older)) {
                    Files.move(older, rotated(log, i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.copy(log, rotated(log, 1), StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        return true;
    }

    static Path rotated(Path log, int generation) {
        return log.resolveSibling(log.getFileName() + "." + generation);
    }
}
