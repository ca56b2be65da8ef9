package io.openclaw.deploy.agent.api;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.release.ArtifactUpload;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.ProblemTypes;
import io.openclaw.deploy.protocol.RollbackRequest;
import io.openclaw.deploy.protocol.VerificationReport;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Optional;

/**
 * What the control API can ask of the agent. Refusals are {@link io.openclaw.deploy.agent.OperationException}s
 * carrying the problem type and HTTP status to answer with.
 */
public interface AgentOperations {
    AgentStatus status();

    boolean hasArtifact(String sha256);

    /** @param declaredLength Content-Length if the client sent one, else -1 */
    ArtifactUpload beginUpload(String sha256, long declaredLength);

    /** Accepts a deployment and returns at once (it runs in the background); same key, same deployment. */
    Deployment deploy(DeployRequest request, String idempotencyKey, String requestedBy);

    /** Newest first. */
    List<Deployment> deployments();

    Optional<Deployment> deployment(String id);

    /**
     * Replays the events after {@code afterSeq}, then delivers new ones as they happen, and ends the stream when the
     * deployment ends.
     *
     * @return closing it stops delivery (e.g. the client went away)
     * @throws io.openclaw.deploy.agent.OperationException not-found for an unknown id
     */
    AutoCloseable followEvents(String deploymentId, long afterSeq, EventSink sink);

    Deployment rollback(RollbackRequest request, String requestedBy);

    /**
     * Manual control of a running deployment ({@code POST /v1/deployments/{id}/pause|resume|promote|abort}): pause
     * holds the current canary phase, resume continues, promote skips the remaining phases to 100%, abort rolls back.
     *
     * @param action      {@code pause}, {@code resume}, {@code promote} or {@code abort}
     * @param requestedBy the caller's identity, recorded in the event
     * @param reason      optional words recorded with it
     * @throws io.openclaw.deploy.agent.OperationException not-found for an unknown id, 409 when it is not running,
     *         400 for an unknown action
     */
    default Deployment controlDeployment(String deploymentId, String action, String requestedBy, String reason) {
        throw new OperationException(ProblemTypes.NOT_SUPPORTED,
                501, "this agent cannot " + action + " a deployment");
    }

    /**
     * Runs the release verification checklist (spec 10.2) now and answers its report, whether it passed or not
     * ({@code GET /v1/verification}).
     */
    default VerificationReport verify() throws InterruptedException {
        throw new OperationException(ProblemTypes.NOT_SUPPORTED,
                501, "this agent cannot verify its release");
    }

    /** Everything {@code GET /metrics} exposes from the agent's own process. */
    PrometheusRegistry metrics();

    /**
     * The metrics of the agent's other processes (the router's), in Prometheus' text format, appended to
     * {@link #metrics()} by {@code GET /metrics}; empty when such a process does not answer.
     */
    default String otherProcessMetrics() {
        return "";
    }
}
