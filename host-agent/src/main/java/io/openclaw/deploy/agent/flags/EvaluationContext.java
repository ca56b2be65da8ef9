package io.openclaw.deploy.agent.flags;

import java.util.Map;

/**
 * Who a flag is evaluated for. Attribute values are compared as text (numbers in their plain decimal form).
 *
 * @param targetingKey the user (or request) identity the percentage bucket sticks to, or null
 */
public record EvaluationContext(String targetingKey, Map<String, String> attributes) {
    public EvaluationContext {
        attributes = Map.copyOf(attributes);
    }

    public static EvaluationContext of(String targetingKey) {
        return new EvaluationContext(targetingKey, Map.of());
    }

    /** An attribute, or the targeting key under its OFREP name {@code targetingKey}. */
    String attribute(String property) {
        String value = attributes.get(property);
        if (value == null && "targetingKey".equals(property)) {
            return targetingKey;
        }
        return value;
    }
}
