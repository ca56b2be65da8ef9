package io.openclaw.deploy.agent.journal;

import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import java.util.Map;

/**
 * A deployment as journaled: its public view plus what the agent needs to finish or undo it after a restart.
 *
 * @param previousAssignments what each loop was served by before it started, to restore on failure or interruption
 * @param previousRelease     release active when it started
 * @param request             the request that started it (digest in lower case), so that a request repeating its
 *                            idempotency key can be compared with it; null for rollbacks and in journals written
 *                            before the field existed
 */
public record DeploymentRecord(
        Deployment view, String idempotencyKey, Map<String, LoopAssignment> previousAssignments, String previousRelease,
        DeployRequest request) {

    public DeploymentRecord {
        previousAssignments = previousAssignments == null ? Map.of() : Map.copyOf(previousAssignments);
    }

    /** A record without its request (a rollback). */
    public DeploymentRecord(
            Deployment view, String idempotencyKey, Map<String, LoopAssignment> previousAssignments, String previousRelease) {
        this(view, idempotencyKey, previousAssignments, previousRelease, null);
    }

    public DeploymentRecord withView(Deployment newView) {
        return new DeploymentRecord(newView, idempotencyKey, previousAssignments, previousRelease, request);
    }
}
