package io.openclaw.deploy.agent.flags;

import java.util.List;

/**
 * One test of a rule: {@code property operator value}. {@code values} has exactly one element except for the list
 * operators ({@code in}, {@code not_in}).
 */
public record Condition(String property, Operator operator, List<String> values) {
    public Condition {
        values = List.copyOf(values);
    }
}
