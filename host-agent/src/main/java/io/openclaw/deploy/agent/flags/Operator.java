package io.openclaw.deploy.agent.flags;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Comparison of a context property with a condition's value(s). */
public enum Operator {
    EQUALS,
    NOT_EQUALS,
    IN,
    NOT_IN,
    CONTAINS,
    STARTS_WITH,
    ENDS_WITH,
    /** Java regular expression, bounded in pattern length, input length and matching work. */
    MATCHES,
    /** Numeric comparison. */
    GREATER_THAN,
    LESS_THAN,
    /** Semantic-version comparisons (semver.org precedence; build metadata ignored). */
    SEMVER_EQUALS,
    SEMVER_GREATER_THAN,
    SEMVER_LESS_THAN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the condition takes a list of values rather than one. */
    public boolean takesList() {
        return this == IN || this == NOT_IN;
    }

    public static Optional<Operator> byId(String id) {
        return Arrays.stream(values()).filter(op -> op.id().equals(id)).findFirst();
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(Operator::id).toList());
    }
}
