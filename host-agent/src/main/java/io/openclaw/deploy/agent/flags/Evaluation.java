package io.openclaw.deploy.agent.flags;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer for one flag and context: a value with its variant and reason, or an error code (value, variant null).
 */
public record Evaluation(String key, JsonNode value, String variant, Reason reason, ErrorCode errorCode,
        String errorDetails) {

    static Evaluation success(String key, String variant, JsonNode value, Reason reason) {
        return new Evaluation(key, value, variant, reason, null, null);
    }

    static Evaluation error(String key, ErrorCode code, String details) {
        return new Evaluation(key, null, null, Reason.ERROR, code, details);
    }

    public boolean isError() {
        return errorCode != null;
    }
}
