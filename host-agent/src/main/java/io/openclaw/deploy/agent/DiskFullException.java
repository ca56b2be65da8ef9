package io.openclaw.deploy.agent;

import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * A write refused because the file system of the agent home is full (issue 12: a full disk showed up as "Broken pipe"
 * on upload and {@code internal, HTTP 500} on deploy). Answered as {@code disk-full}, HTTP 507 (Insufficient Storage,
 * RFC 4918 11.5), so that a pipeline can tell "free some space" from "the agent is broken".
 */
public final class DiskFullException extends OperationException {
    private static final long serialVersionUID = 1L;

    /**
     * How the JDK words the operating system's "no space" errors: ENOSPC and EDQUOT (POSIX strerror), ERROR_DISK_FULL
     * and ERROR_HANDLE_DISK_FULL (Windows FormatMessage). The JDK keeps no error number, only these texts.
     */
    private static final String[] NO_SPACE = {
        "no space left on device", "disk quota exceeded", "not enough space on the disk", "the disk is full"
    };

    /**
     * How every disk-full refusal and the reason of a deployment that ended for a full disk begin: the CLI's
     * {@code --wait} exits 6 on it (docs/cli.md).
     */
    public static final String REASON_PREFIX = "the disk of the agent home is full";

    public DiskFullException(String message, Throwable cause) {
        super(ProblemTypes.DISK_FULL, 507, message, null, cause);
    }

    /**
     * The refusal of {@code what} (e.g. "store the artifact"), in words an operator can act on.
     *
     * @param cause the file system's error, kept for the log
     */
    public static DiskFullException refusing(String what, Throwable cause) {
        return new DiskFullException(REASON_PREFIX + ": cannot " + what
                + "; free some space there and repeat", cause);
    }

    /** Whether {@code failure} or one of its causes is a full disk. */
    public static boolean isDiskFull(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DiskFullException) {
                return true;
            }
            if (t instanceof IOException io && saysNoSpace(io)) {
                return true;
            }
        }
        return false;
    }

    private static boolean saysNoSpace(IOException e) {
        String text = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        if (text == null && e instanceof FileSystemException) {
            text = e.getMessage();
        }
        if (text == null) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String words : NO_SPACE) {
            if (lower.contains(words)) {
                return true;
            }
        }
        return false;
    }
}
