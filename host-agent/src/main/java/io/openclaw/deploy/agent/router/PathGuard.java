package io.openclaw.deploy.agent.router;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides which request paths the router refuses to forward, and the canonical form it compares management paths in.
 *
 * <p>Why refuse rather than normalise: a loop's HTTP stack decodes and resolves its path in its own way (the JDK server
 * decodes {@code %2e}, Windows stacks treat {@code \} as a separator, some collapse {@code //}); a path whose meaning
 * depends on who resolves it lets a client reach what the router thinks it is not forwarding. Legitimate clients never
 * send dot segments or encoded separators, so a 400 costs them nothing.
 */
final class PathGuard {
    private PathGuard() {
    }

    /**
     * @param path the path of the request URI (no query)
     * @return why the path is refused, or empty when it may be forwarded
     */
    static Optional<String> problem(String path) {
        if (isPlain(path)) {
            return Optional.empty();
        }
        if (path.indexOf('\\') >= 0) {
            return Optional.of("backslash in the path");
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c")) {
            return Optional.of("encoded slash or backslash in the path");
        }
        String decoded;
        try {
            decoded = decode(path);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        if (decoded.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return Optional.of("control character in the path");
        }
        for (String segment : decoded.split("/", -1)) {
            String bare = withoutParameters(segment);
            if (bare.equals(".") || bare.equals("..")) {
                return Optional.of("dot segment in the path");
            }
            // Encoded twice: a loop that decodes again would see a separator or a dot segment.
            String lowerSegment = segment.toLowerCase(Locale.ROOT);
            if (lowerSegment.contains("%2e") || lowerSegment.contains("%2f") || lowerSegment.contains("%5c")) {
                return Optional.of("doubly encoded character in the path");
            }
        }
        return Optional.empty();
    }

    /**
     * The common case, decided in one pass without allocating: no {@code %}, no {@code \\}, no control character and
     * no segment starting with a dot cannot hold anything {@link #problem} refuses.
     */
    private static boolean isPlain(String path) {
        char previous = '/';
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' || c == '\\' || c < 0x20 || c == 0x7f || (c == '.' && previous == '/')) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    /**
     * The length of {@code uri}'s path when that path has its {@link #canonical} form already apart from letter case
     * (ASCII only, no {@code %} or {@code ;}, no empty segment, no trailing {@code /} except the root), else -1. Then
     * comparing the path ignoring case is the same as comparing its canonical form, without building it; management
     * paths are looked up for every request.
     *
     * @param uri a path with or without a query
     */
    static int canonicalPathLength(String uri) {
        if (uri.isEmpty() || uri.charAt(0) != '/') {
            return -1;
        }
        char previous = 0;
        int i = 0;
        for (; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '?') {
                break;
            }
            if (c >= 0x80 || c == '%' || c == ';' || (c == '/' && previous == '/')) {
                return -1;
            }
            previous = c;
        }
        return i == 1 || previous != '/' ? i : -1;
    }

    /**
     * The form in which a path is compared with a loop's management paths: decoded, without {@code ;parameters}, runs
     * of {@code /} collapsed, no trailing {@code /}, lower case. Loops' servers differ in each of these, so a request
     * path that any of them could take for a management path compares equal to it.
     *
     * @param path a path that passed {@link #problem} (or a path from a manifest), with or without a query
     */
    static String canonical(String path) {
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        String decoded;
        try {
            decoded = decode(bare);
        } catch (IllegalArgumentException e) {
            decoded = bare;
        }
        StringBuilder out = new StringBuilder();
        for (String segment : decoded.split("/")) {
            String s = withoutParameters(segment);
            if (!s.isEmpty()) {
                out.append('/').append(s);
            }
        }
        return out.length() == 0 ? "/" : out.toString().toLowerCase(Locale.ROOT);
    }

    private static String withoutParameters(String segment) {
        int semicolon = segment.indexOf(';');
        return semicolon < 0 ? segment : segment.substring(0, semicolon);
    }

    /** Percent-decoding as a loop's server does it (UTF-8); {@code +} stays a {@code +} in a path. */
    private static String decode(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
        int i = 0;
        while (i < path.length()) {
            int percent = path.indexOf('%', i);
            int plainEnd = percent < 0 ? path.length() : percent;
            byte[] plain = path.substring(i, plainEnd).getBytes(StandardCharsets.UTF_8);
            bytes.write(plain, 0, plain.length);
            if (percent < 0) {
                break;
            }
            if (percent + 2 >= path.length()) {
                throw new IllegalArgumentException("incomplete percent-encoding in the path");
            }
            int high = Character.digit(path.charAt(percent + 1), 16);
            int low = Character.digit(path.charAt(percent + 2), 16);
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("invalid percent-encoding in the path");
            }
            bytes.write(high * 16 + low);
            i = percent + 3;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
