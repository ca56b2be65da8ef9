package io.openclaw.deploy.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}), the body of every error answer of the API.
 *
 * @param type         stable identifier of the kind of problem, one of {@link ProblemTypes}
 * @param deploymentId for {@link ProblemTypes#DEPLOYMENT_IN_PROGRESS}, the deployment that holds the lock
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String deploymentId) {

    public static Problem of(String type, String title, int status, String detail) {
        return new Problem(type, title, status, detail, null, null);
    }
}
