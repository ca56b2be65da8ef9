package io.openclaw.deploy.agent.flags;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A feature flag (spec 7.2) with typed variants (OFREP/flagd). A boolean flag has the implicit variants {@code on}
 * (true) and {@code off} (false). Build one through {@link FlagParser}, which validates it.
 *
 * @param rolloutPercentage share of targeting keys (0-100, two decimals) that get the enabled variant when no rule
 *                          matched
 * @param defaultVariant    served when the flag is off for a context (disabled, rule {@code disable}, outside rollout)
 * @param enabledVariant    served when the flag is on for a context
 */
public record Flag(
        String name,
        String description,
        boolean enabled,
        double rolloutPercentage,
        List<Rule> rules,
        Map<String, JsonNode> variants,
        String defaultVariant,
        String enabledVariant) {
    public Flag {
        rules = List.copyOf(rules);
        variants = Collections.unmodifiableMap(new LinkedHashMap<>(variants));
    }

    /** The same flag switched on or off. */
    public Flag withEnabled(boolean on) {
        return new Flag(name, description, on, rolloutPercentage, rules, variants, defaultVariant, enabledVariant);
    }

    public Flag withRolloutPercentage(double percentage) {
        return new Flag(name, description, enabled, percentage, rules, variants, defaultVariant, enabledVariant);
    }
}
