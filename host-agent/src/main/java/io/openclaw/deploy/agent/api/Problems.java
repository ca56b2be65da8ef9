package io.openclaw.deploy.agent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.protocol.Json;
import io.openclaw.deploy.protocol.MediaTypes;
import io.openclaw.deploy.protocol.Problem;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.util.Map;

/** Builds the RFC 9457 answers of the API: one stable {@code type} and a short fixed title per kind of problem. */
final class Problems {
    private static final Map<String, String> TITLES = Map.ofEntries(
            Map.entry(ProblemTypes.BAD_REQUEST, "Bad request"),
            Map.entry(ProblemTypes.MALFORMED_JSON, "Malformed JSON"),
            Map.entry(ProblemTypes.VALIDATION, "Invalid request"),
            Map.entry(ProblemTypes.UNAUTHORIZED, "Unauthorized"),
            Map.entry(ProblemTypes.NOT_FOUND, "Not found"),
            Map.entry(ProblemTypes.NOT_SUPPORTED, "Not supported"),
            Map.entry(ProblemTypes.METHOD_NOT_ALLOWED, "Method not allowed"),
            Map.entry(ProblemTypes.PAYLOAD_TOO_LARGE, "Payload too large"),
            Map.entry(ProblemTypes.DIGEST_MISMATCH, "Digest mismatch"),
            Map.entry(ProblemTypes.UNSAFE_ARTIFACT, "Unsafe artifact"),
            Map.entry(ProblemTypes.INVALID_MANIFEST, "Invalid manifest"),
            Map.entry(ProblemTypes.ARTIFACT_NOT_FOUND, "Artifact not found"),
            Map.entry(ProblemTypes.IDEMPOTENCY_KEY_REUSED, "Idempotency key reused"),
            Map.entry(ProblemTypes.DEPLOYMENT_IN_PROGRESS, "Deployment in progress"),
            Map.entry(ProblemTypes.NO_PREVIOUS_RELEASE, "No previous release"),
            Map.entry(ProblemTypes.RELEASE_NOT_FOUND, "Release not found"),
            Map.entry(ProblemTypes.DISK_FULL, "Disk full"),
            Map.entry(ProblemTypes.INTERNAL, "Internal error"));

    private Problems() {}

    static String title(String type) {
        return TITLES.getOrDefault(type, "Request refused");
    }

    static Reply reply(String type, int status, String detail, String instance, String deploymentId) {
        Problem problem = new Problem(type, title(type), status, detail, instance, deploymentId);
        try {
            return new Reply(
                    HttpResponseStatus.valueOf(status), MediaTypes.PROBLEM_JSON, Json.mapper().writeValueAsBytes(problem), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a problem", e);
        }
    }

    static Reply reply(String type, int status, String detail, String instance) {
        return reply(type, status, detail, instance, null);
    }

    static Reply of(OperationException e, String instance) {
        int status = e.httpStatus() >= 400 && e.httpStatus() <= 599 ? e.httpStatus() : 500;
        String type = e.problemType() == null ? ProblemTypes.INTERNAL : e.problemType();
        return reply(type, status, e.getMessage(), instance, e.deploymentId());
    }

    static Reply internal(String instance) {
        return reply(ProblemTypes.INTERNAL, 500, "the agent failed to handle the request; see its log", instance);
    }
}
