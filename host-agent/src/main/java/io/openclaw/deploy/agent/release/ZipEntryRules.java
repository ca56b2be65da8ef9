package io.openclaw.deploy.agent.release;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which zip entry names may be unpacked. An entry must be a plain relative path with '/' separators that means the
 * same file on Windows and on Linux: nothing that could escape the release directory, name a device or an NTFS
 * stream, or be rewritten by Windows into another name.
 */
final class ZipEntryRules {
    private static final Set<String> WINDOWS_DEVICES = Set.of(
            "CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");
    private static final String WINDOWS_FORBIDDEN = "<>:\"|?*";

    private ZipEntryRules() {}

    /** @return why {@code name} must not be unpacked, or empty when it is fine */
    static Optional<String> problem(String name) {
        if (name.isEmpty()) {
            return Optional.of("has an empty name");
        }
        if (name.indexOf('\\') >= 0) {
            return Optional.of("uses a backslash (zip paths use '/'; on Windows it would be a separator)");
        }
        if (name.startsWith("/")) {
            return Optional.of("is an absolute path");
        }
        if (name.length() >= 2 && Character.isLetter(name.charAt(0)) && name.charAt(1) == ':') {
            return Optional.of("starts with a drive letter");
        }
        String relative = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String segment : relative.split("/", -1)) {
            Optional<String> bad = segmentProblem(segment);
            if (bad.isPresent()) {
                return bad;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> segmentProblem(String segment) {
        if (segment.equals("..")) {
            return Optional.of("climbs out with '..'");
        }
        if (segment.isEmpty() || segment.equals(".")) {
            return Optional.of("is not a plain path (empty or '.' segment)");
        }
        for (char c : segment.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                return Optional.of("holds a control character");
            }
            if (WINDOWS_FORBIDDEN.indexOf(c) >= 0) {
                return Optional.of("holds '" + c + "', which Windows does not allow in file names");
            }
        }
        if (segment.endsWith(".") || segment.endsWith(" ")) {
            return Optional.of("has a segment ending in '.' or ' ', which Windows drops");
        }
        String base = segment.split("\\.", 2)[0].trim().toUpperCase(Locale.ROOT);
        if (WINDOWS_DEVICES.contains(base)) {
            return Optional.of("names the Windows device " + base);
        }
        return Optional.empty();
    }
}
