package io.openclaw.deploy.agent.flags;

import java.util.Locale;

/** What a matching rule does: serve the flag's enabled variant or its default (off) variant. */
public enum RuleAction {
    ENABLE,
    DISABLE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
