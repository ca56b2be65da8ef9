package io.openclaw.deploy.agent.dataplane;

import io.netty.handler.codec.http.HttpHeaders;
import io.openclaw.deploy.agent.flags.EvaluationContext;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a request becomes a flag evaluation context in a flag-driven release: the targeting key is the value of
 * {@code targetingHeader} ({@value #DEFAULT_TARGETING_HEADER} by default), and every other {@code X-OpenClaw-*}
 * header is an attribute named by the rest of the header name in lower case with {@code -} as {@code _}
 * ({@code X-OpenClaw-User-Tier: beta} → {@code user_tier = beta}). Other headers are not attributes.
 */
public record FlagTargeting(String targetingHeader) {
    public static final String DEFAULT_TARGETING_HEADER = "X-OpenClaw-User";
    static final String ATTRIBUTE_PREFIX = "x-openclaw-";

    public FlagTargeting {
        if (targetingHeader == null || targetingHeader.isBlank()) {
            targetingHeader = DEFAULT_TARGETING_HEADER;
        }
    }

    /** The attribute a header carries, or null when it carries none (not an {@code X-OpenClaw-*} header). */
    public static String attributeOf(String header) {
        String lower = header.toLowerCase(Locale.ROOT);
        if (!lower.startsWith(ATTRIBUTE_PREFIX) || lower.length() == ATTRIBUTE_PREFIX.length()) {
            return null;
        }
        return lower.substring(ATTRIBUTE_PREFIX.length()).replace('-', '_');
    }

    EvaluationContext context(HttpHeaders headers) {
        String key = null;
        Map<String, String> attributes = new HashMap<>();
        for (Map.Entry<String, String> h : headers) {
            String value = h.getValue().trim();
            if (h.getKey().equalsIgnoreCase(targetingHeader)) {
                key = value.isEmpty() ? null : value;
                continue;
            }
            String attribute = attributeOf(h.getKey());
            if (attribute != null) {
                attributes.putIfAbsent(attribute, value);
            }
        }
        return new EvaluationContext(key, attributes);
    }
}
