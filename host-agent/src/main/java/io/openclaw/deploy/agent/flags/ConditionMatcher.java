package io.openclaw.deploy.agent.flags;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A condition prepared for evaluation: its regex compiled, its numbers and versions parsed once, so evaluating does no
 * parsing of the flag. A property missing from the context never matches (not even {@code not_equals}).
 */
abstract class ConditionMatcher {
    /** Longest context value a regex is run on. */
    static final int MAX_REGEX_INPUT = 1024;
    /** Character reads a regex may make on one value before the match is abandoned (backtracking bound). */
    static final int REGEX_BUDGET = 100_000;

    final String property;

    private ConditionMatcher(String property) {
        this.property = property;
    }

    /** @throws RegexBudgetExceeded when a {@code matches} condition runs out of work budget */
    abstract boolean test(String actual);

    static ConditionMatcher compile(Condition c, String field) {
        String v = c.values().get(0);
        return switch (c.operator()) {
            case EQUALS -> new ConditionMatcher(c.property()) {
                @Override
                boolean test(String a) { return a.equals(v); }
            };
            case NOT_EQUALS -> new ConditionMatcher(c.property()) {
                @Override
                boolean test(String a) { return !a.equals(v); }
            };
            case IN -> {
                Set<String> set = Set.copyOf(c.values());
                yield new ConditionMatcher(c.property()) {
                    @Override
                    boolean test(String a) { return set.contains(a); }
                };
            }
            case NOT_IN -> {
                Set<String> set = Set.copyOf(c.values());
                yield new ConditionMatcher(c.property()) {
                    @Override
                    boolean test(String a) { return !set.contains(a); }
                };
            }
            case CONTAINS -> new ConditionMatcher(c.property()) {
                @Override
                boolean test(String a) { return a.contains(v); }
            };
            case STARTS_WITH -> new ConditionMatcher(c.property()) {
                @Override
                boolean test(String a) { return a.startsWith(v); }
            };
            case ENDS_WITH -> new ConditionMatcher(c.property()) {
                @Override
                boolean test(String a) { return a.endsWith(v); }
            };
            case MATCHES -> regex(c.property(), v, field);
            case GREATER_THAN, LESS_THAN -> number(c, v, field);
            case SEMVER_EQUALS, SEMVER_GREATER_THAN, SEMVER_LESS_THAN -> semver(c, v, field);
        };
    }

    private static ConditionMatcher regex(String property, String v, String field) {
        if (v.length() > FlagParser.MAX_PATTERN_LENGTH) {
            throw new InvalidFlagException(field, "a pattern has at most " + FlagParser.MAX_PATTERN_LENGTH + " characters");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(v);
        } catch (PatternSyntaxException e) {
            throw new InvalidFlagException(field, "invalid regular expression: " + e.getDescription());
        }
        return new ConditionMatcher(property) {
            @Override
            boolean test(String a) {
                if (a.length() > MAX_REGEX_INPUT) {
                    return false;
                }
                return pattern.matcher(new BudgetedChars(a, new int[] {REGEX_BUDGET})).find();
            }
        };
    }

    private static ConditionMatcher number(Condition c, String v, String field) {
        BigDecimal bound;
        try {
            bound = new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw new InvalidFlagException(field, c.operator().id() + " takes a number, got '" + v + "'");
        }
        boolean greater = c.operator() == Operator.GREATER_THAN;
        return new ConditionMatcher(c.property()) {
            @Override
            boolean test(String a) {
                BigDecimal actual = parseNumber(a);
                if (actual == null) {
                    return false;
                }
                int cmp = actual.compareTo(bound);
                return greater ? cmp > 0 : cmp < 0;
            }
        };
    }

    private static ConditionMatcher semver(Condition c, String v, String field) {
        SemVer bound = SemVer.parse(v).orElseThrow(() -> new InvalidFlagException(
                field, c.operator().id() + " takes a semantic version such as 1.4.0, got '" + v + "'"));
        Operator op = c.operator();
        return new ConditionMatcher(c.property()) {
            @Override
            boolean test(String a) {
                var actual = SemVer.parse(a);
                if (actual.isEmpty()) {
                    return false;
                }
                int cmp = actual.get().compareTo(bound);
                return switch (op) {
                    case SEMVER_EQUALS -> cmp == 0;
                    case SEMVER_GREATER_THAN -> cmp > 0;
                    default -> cmp < 0;
                };
            }
        };
    }

    private static BigDecimal parseNumber(String a) {
        if (a.isEmpty() || a.length() > 64) {
            return null;
        }
        try {
            return new BigDecimal(a);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static List<ConditionMatcher> compileAll(List<Condition> conditions) {
        return conditions.stream().map(c -> compile(c, c.property())).toList();
    }

    /** Thrown when a regex used up its budget: the evaluation is an error rather than a stalled thread. */
    static final class RegexBudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RegexBudgetExceeded() {
            super("regular expression exceeded its matching budget", null, false, false);
        }
    }

    /** Counts every character the regex engine reads; catastrophic backtracking reads without end. */
    // The budget is one shared, mutable counter: the array is the point, and the record is never compared.
    @SuppressWarnings("ArrayRecordComponent")
    private record BudgetedChars(String text, int[] budget) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (--budget[0] < 0) {
                throw new RegexBudgetExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedChars(text.substring(start, end), budget);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
