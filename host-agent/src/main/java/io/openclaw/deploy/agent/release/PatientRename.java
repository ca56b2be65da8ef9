package io.openclaw.deploy.agent.release;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Renames a freshly unpacked directory into place, waiting out an antivirus scanner. On Windows a real-time scanner
 * opens the new files as they are written and keeps them open for a moment; renaming their directory meanwhile fails
 * with "access denied" or a sharing violation. That is retried with growing pauses (50 ms doubling to 1 s) for a
 * bounded time, instead of failing the deployment. Nothing is retried once the target exists (another install of the
 * same version finished first: the caller decides) or the source is gone.
 */
final class PatientRename {
    /** The rename itself; {@code Files.move(ATOMIC_MOVE)} in the product. */
    @FunctionalInterface
    interface Rename {
        void rename(Path from, Path to) throws IOException;
    }

    /** Waits between attempts; {@code Thread.sleep} in the product. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    static final Duration FIRST_PAUSE = Duration.ofMillis(50);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);
    /** Scanners hold a file for well under a second; a minute covers a large release on a slow disk. */
    static final Duration BUDGET = Duration.ofSeconds(60);

    private final Rename rename;
    private final Pause pause;
    private final Duration budget;

    PatientRename(Rename rename, Pause pause, Duration budget) {
        this.rename = rename;
        this.pause = pause;
        this.budget = budget;
    }

    static PatientRename atomic() {
        return new PatientRename((from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE),
                d -> Thread.sleep(d.toMillis()), BUDGET);
    }

    void rename(Path from, Path to) throws IOException {
        Duration waited = Duration.ZERO;
        Duration next = FIRST_PAUSE;
        while (true) {
            try {
                rename.rename(from, to);
                return;
            } catch (IOException e) {
                if (!transientFailure(e) || Files.exists(to) || !Files.exists(from)
                        || waited.plus(next).compareTo(budget) > 0) {
                    throw e;
                }
            }
            try {
                pause.pause(next);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting to rename " + from + " to " + to, e);
            }
            waited = waited.plus(next);
            next = next.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : next.multipliedBy(2);
        }
    }

    /** Access denied or another plain file-system error (a sharing violation); not "no such file". */
    private static boolean transientFailure(IOException e) {
        return e instanceof AccessDeniedException
                || (e.getClass() == FileSystemException.class && !(e instanceof NoSuchFileException));
    }
}
