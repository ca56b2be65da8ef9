package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.protocol.Deployment;
import java.time.Duration;

/**
 * Told what deployments and rollbacks did, for figures outside the rollout (the agent's {@code /metrics}). Called on
 * the deployment thread: an observer returns quickly and does not throw.
 */
public interface DeploymentObserver {
    DeploymentObserver NONE = new DeploymentObserver() {};

    /** What brought the previous release back. */
    enum RollbackTrigger {
        /** {@code POST /v1/rollback}, {@code openclaw-agent rollback} */
        REQUESTED,
        /** a failed deployment returning the loops it had already moved (spec 9.1's automatic rollback) */
        AUTOMATIC
    }

    /** A rollback switched the loops back; {@code took} is spec 9.3's rollback time, from its start to traffic served. */
    default void rolledBack(RollbackTrigger trigger, Duration took) {}

    /** A deployment or rollback ended (any final state). */
    default void finished(Deployment deployment) {}
}
