package io.openclaw.deploy.agent.release;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules for a release version, which is also the name of its directory under {@code releases/}: it must be a safe
 * directory name on both Windows and Linux.
 */
public final class ReleaseVersion {
    public static final int MAX_LENGTH = 64;

    // Starts with a letter or digit so it can never be "." or "..", nor look like a command-line option.
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
    private static final Set<String> WINDOWS_DEVICES = Set.of(
            "CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private ReleaseVersion() {}

    /** @return why {@code version} is unusable, or empty when it is fine */
    public static Optional<String> problem(String version) {
        if (version == null || version.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (version.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters, got " + version.length());
        }
        if (!SHAPE.matcher(version).matches()) {
            return Optional.of("must start with a letter or digit and hold only letters, digits, '.', '-', '_' and '+', got '"
                    + version + "'");
        }
        if (version.endsWith(".")) {
            // Windows silently drops a trailing dot, so "1.0." and "1.0" would share a directory.
            return Optional.of("must not end with '.', got '" + version + "'");
        }
        String base = version.split("\\.", 2)[0].toUpperCase(Locale.ROOT);
        if (WINDOWS_DEVICES.contains(base)) {
            return Optional.of("must not be a reserved Windows device name, got '" + version + "'");
        }
        return Optional.empty();
    }

    public static boolean isValid(String version) {
        return problem(version).isEmpty();
    }
}
