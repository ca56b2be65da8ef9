package io.openclaw.deploy.agent.config.yaml;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers where it was written, so that validation can name the line of a bad setting. Plain
 * Jackson trees lose positions; that is why configuration files are read into this small tree instead.
 */
public sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

    Location location();

    /** What the value is, in words for error messages ("a list", "a mapping", "a number"). */
    String describe();

    /** A mapping whose keys are in file order; {@code keyLocations} holds where each key was written. */
    record Mapping(Location location, Map<String, YamlNode> entries, Map<String, Location> keyLocations)
            implements YamlNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keyLocations = Map.copyOf(keyLocations);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(Location location, List<YamlNode> items) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar as written. {@code text} is the source text (so {@code 1.10} stays {@code "1.10"}); {@code kind} is how
     * YAML resolved it.
     */
    record Scalar(Location location, String text, Kind kind) implements YamlNode {
        public enum Kind {
            STRING,
            INTEGER,
            FLOAT,
            BOOLEAN,
            NULL
        }

        @Override
        public String describe() {
            return switch (kind) {
                case STRING -> "a string";
                case INTEGER, FLOAT -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "empty";
            };
        }

        public boolean isNull() {
            return kind == Kind.NULL;
        }

        /** @throws NumberFormatException when the scalar is not a whole number */
        public BigInteger integer() {
            if (kind != Kind.INTEGER) {
                throw new NumberFormatException(text);
            }
            String digits = text.replace("_", "");
            boolean negative = digits.startsWith("-");
            if (negative || digits.startsWith("+")) {
                digits = digits.substring(1);
            }
            BigInteger value = digits.startsWith("0x") ? new BigInteger(digits.substring(2), 16) : new BigInteger(digits);
            return negative ? value.negate() : value;
        }
    }
}
