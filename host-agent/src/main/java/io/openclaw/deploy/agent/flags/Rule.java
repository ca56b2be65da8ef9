package io.openclaw.deploy.agent.flags;

import java.util.List;

/**
 * A targeting rule: when all its conditions hold, {@code action} decides. Rules are tried in order; the first match
 * wins.
 *
 * @param variant the variant an {@code enable} rule serves instead of the flag's enabled variant, or null
 */
public record Rule(String name, RuleAction action, List<Condition> conditions, String variant) {
    public Rule {
        conditions = List.copyOf(conditions);
    }
}
