package io.openclaw.deploy.protocol;

/**
 * Body of {@code POST /v1/deployments/{id}/abort}.
 *
 * @param reason recorded in the deployment's events; may be null
 */
public record AbortRequest(String reason) {}
