package io.openclaw.deploy.agent.journal;

import io.openclaw.deploy.protocol.Deployment;
import java.util.Map;

/**
 * A deployment as journaled: its public view plus what the agent needs to finish or undo it after a restart.
 *
 * @param previousAssignments what each loop was served by before it started, to restore on failure or interruption
 * @param previousRelease     release active when it started
 */
public record DeploymentRecord(
        Deployment view, String idempotencyKey, Map<String, LoopAssignment> previousAssignments, String previousRelease) {

    public DeploymentRecord {
        previousAssignments = previousAssignments == null ? Map.of() : Map.copyOf(previousAssignments);
    }

    public DeploymentRecord withView(Deployment newView) {
        return new DeploymentRecord(newView, idempotencyKey, previousAssignments, previousRelease);
    }
}
