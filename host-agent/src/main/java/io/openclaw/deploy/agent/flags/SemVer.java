package io.openclaw.deploy.agent.flags;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** A semantic version compared by semver.org 2.0 precedence; a leading {@code v} is accepted, build metadata ignored. */
record SemVer(BigInteger major, BigInteger minor, BigInteger patch, List<String> preRelease) implements Comparable<SemVer> {
    private static final Pattern SHAPE = Pattern.compile(
            "v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z-.]+)?");
    private static final Pattern NUMERIC = Pattern.compile("\\d+");

    static Optional<SemVer> parse(String text) {
        if (text == null || text.length() > 256) {
            return Optional.empty();
        }
        var m = SHAPE.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
        return Optional.of(new SemVer(
                new BigInteger(m.group(1)), new BigInteger(m.group(2)), new BigInteger(m.group(3)), pre));
    }

    @Override
    public int compareTo(SemVer o) {
        int c = major.compareTo(o.major);
        if (c == 0) c = minor.compareTo(o.minor);
        if (c == 0) c = patch.compareTo(o.patch);
        if (c != 0) return c;
        // A pre-release sorts before the release itself.
        if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
        }
        for (int i = 0; i < Math.min(preRelease.size(), o.preRelease.size()); i++) {
            c = compareIdentifier(preRelease.get(i), o.preRelease.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(preRelease.size(), o.preRelease.size());
    }

    private static int compareIdentifier(String a, String b) {
        boolean an = NUMERIC.matcher(a).matches();
        boolean bn = NUMERIC.matcher(b).matches();
        if (an && bn) return new BigInteger(a).compareTo(new BigInteger(b));
        if (an != bn) return an ? -1 : 1;
        return a.compareTo(b);
    }
}
