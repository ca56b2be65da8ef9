package io.openclaw.deploy.protocol;

/**
 * Body of {@code POST /v1/rollback}.
 *
 * @param toVersion release to return to; null means the release that was active before the current one
 * @param reason    recorded in the rollback's events and shown to operators
 */
public record RollbackRequest(String toVersion, String reason) {}
