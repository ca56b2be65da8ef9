package io.openclaw.deploy.agent.config.yaml;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads one YAML mapping key by key and remembers which keys were read, so that {@link #rejectUnknown()} can refuse
 * the rest: a misspelt setting is an error, never silently ignored. Every error is a {@link YamlProblem} naming the
 * setting's dotted path and position. A missing section reads as an empty one, so every key takes its default.
 */
public final class YamlObject {
    private final String path;
    private final Location location;
    private final Map<String, YamlNode> entries;
    private final Map<String, Location> keyLocations;
    private final Set<String> read = new HashSet<>();

    private YamlObject(String path, Location location, Map<String, YamlNode> entries, Map<String, Location> keyLocations) {
        this.path = path;
        this.location = location;
        this.entries = entries;
        this.keyLocations = keyLocations;
    }

    /**
     * The document's root mapping.
     *
     * @param emptyAllowed whether an empty document stands for "all defaults"
     */
    public static YamlObject root(YamlNode document, boolean emptyAllowed) {
        if (document instanceof YamlNode.Scalar s && s.isNull()) {
            if (!emptyAllowed) {
                throw new YamlProblem("", document.location(), "the file is empty");
            }
            return new YamlObject("", document.location(), Map.of(), Map.of());
        }
        return of(document, "");
    }

    /** Reads {@code node}, which must be a mapping, as the setting at {@code path}. */
    public static YamlObject of(YamlNode node, String path) {
        if (node instanceof YamlNode.Mapping m) {
            return new YamlObject(path, m.location(), m.entries(), m.keyLocations());
        }
        throw new YamlProblem(path, node.location(), 
                (path.isEmpty() ? "the document " : "") + "must be a mapping of keys to values, got " + node.describe());
    }

    public static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    public String path() {
        return path;
    }

    public Location location() {
        return location;
    }

    /** The path of one of this mapping's keys. */
    public String pathOf(String key) {
        return child(path, key);
    }

    /** The keys present, in file order. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Marks {@code key} read and returns its value, if present. */
    public Optional<YamlNode> take(String key) {
        read.add(key);
        return Optional.ofNullable(entries.get(key));
    }

    /** A nested mapping; absent or empty ({@code key:} alone) reads as an empty mapping. */
    public YamlObject object(String key) {
        Optional<YamlNode> node = take(key);
        if (node.isEmpty() || (node.get() instanceof YamlNode.Scalar s && s.isNull())) {
            return new YamlObject(pathOf(key), node.map(YamlNode::location).orElse(location), Map.of(), Map.of());
        }
        return of(node.get(), pathOf(key));
    }

    public String string(String key, String fallback) {
        return take(key).map(n -> YamlValues.text(n, pathOf(key))).orElse(fallback);
    }

    public int integer(String key, int fallback, int min, int max) {
        return take(key).map(n -> (int) YamlValues.integer(n, pathOf(key), min, max)).orElse(fallback);
    }

    public long longInteger(String key, long fallback, long min, long max) {
        return take(key).map(n -> YamlValues.integer(n, pathOf(key), min, max)).orElse(fallback);
    }

    public boolean bool(String key, boolean fallback) {
        return take(key).map(n -> YamlValues.bool(n, pathOf(key))).orElse(fallback);
    }

    /**
     * A positive duration whose unit is the key's suffix ({@code _ms}, {@code _seconds}, {@code _minutes}), the way
     * the spec names them.
     */
    public Duration duration(String key, Duration fallback) {
        return take(key).map(n -> YamlValues.duration(n, pathOf(key), key)).orElse(fallback);
    }

    /**
     * A duration that may be written in any unit the spec uses: {@code <stem>_seconds}, {@code <stem>_minutes} or
     * {@code <stem>_ms}, at most one of them.
     */
    public Duration durationInAnyUnit(String stem, Duration fallback) {
        List<String> given = Stream.of("_ms", "_seconds", "_minutes").map(u -> stem + u).filter(this::has).toList();
        if (given.size() > 1) {
            throw problem(given.get(1), "repeats " + pathOf(given.get(0)) + ": give the duration once");
        }
        Stream.of("_ms", "_seconds", "_minutes").forEach(u -> read.add(stem + u));
        return given.isEmpty() ? fallback : duration(given.get(0), fallback);
    }

    public Optional<List<YamlNode>> list(String key) {
        return take(key).map(n -> YamlValues.list(n, pathOf(key)));
    }

    /** A problem with the value of {@code key} (or with the mapping itself when the key is absent). */
    public YamlProblem problem(String key, String detail) {
        YamlNode node = entries.get(key);
        return new YamlProblem(pathOf(key), node != null ? node.location() : location, detail);
    }

    /** A problem with this mapping as a whole. */
    public YamlProblem problem(String detail) {
        return new YamlProblem(path, location, detail);
    }

    /** @throws YamlProblem at the first key (in file order) that was never read */
    public void rejectUnknown() {
        for (String key : entries.keySet()) {
            if (!read.contains(key)) {
                Location at = keyLocations.getOrDefault(key, location);
                throw new YamlProblem(pathOf(key), at, "is not a known setting" + knownHint());
            }
        }
    }

    private String knownHint() {
        List<String> known = read.stream().sorted().toList();
        return known.isEmpty() ? "" : " (known here: " + String.join(", ", known) + ")";
    }

    /** Conversions of single values, shared by the readers of every file. */
    public static final class YamlValues {
        private YamlValues() {}

        /** Any scalar as text: numbers and booleans as written. */
        public static String text(YamlNode node, String path) {
            if (node instanceof YamlNode.Scalar s && !s.isNull()) {
                return s.text();
            }
            throw new YamlProblem(path, node.location(), "must be a single value, got " + node.describe());
        }

        public static long integer(YamlNode node, String path, long min, long max) {
            BigInteger value;
            try {
                value = ((YamlNode.Scalar) node).integer();
            } catch (ClassCastException | NumberFormatException e) {
                throw new YamlProblem(path, node.location(), "must be a whole number, got " + shown(node));
            }
            if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
                throw new YamlProblem(path, node.location(), "must be between " + min + " and " + max + ", got " + value);
            }
            return value.longValueExact();
        }

        public static boolean bool(YamlNode node, String path) {
            if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.BOOLEAN) {
                return Boolean.parseBoolean(s.text().toLowerCase(Locale.ROOT));
            }
            throw new YamlProblem(path, node.location(), "must be true or false, got " + shown(node));
        }

        public static List<YamlNode> list(YamlNode node, String path) {
            if (node instanceof YamlNode.Sequence s) {
                return s.items();
            }
            throw new YamlProblem(path, node.location(), "must be a list, got " + node.describe());
        }

        static Duration duration(YamlNode node, String path, String key) {
            long max = Integer.MAX_VALUE;
            long amount = integer(node, path, 1, max);
            if (key.endsWith("_ms")) {
                return Duration.ofMillis(amount);
            }
            if (key.endsWith("_seconds")) {
                return Duration.ofSeconds(amount);
            }
            if (key.endsWith("_minutes")) {
                return Duration.ofMinutes(amount);
            }
            throw new IllegalArgumentException("duration key without a unit suffix: " + key);
        }

        static String shown(YamlNode node) {
            if (node instanceof YamlNode.Scalar s) {
                return s.isNull() ? "nothing" : "'" + s.text() + "'";
            }
            return node.describe();
        }
    }
}
