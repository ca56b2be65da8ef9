package io.openclaw.deploy.agent.supervisor;

/** Where a supervised instance is in its life. */
public enum InstanceState {
    /** Process launched, not yet healthy. */
    STARTING,
    /** Passed its health check at least once since (re)start; see {@link InstanceSnapshot#healthy()} for now. */
    RUNNING,
    /** Exited unexpectedly; waiting for its back-off before being launched again. */
    RESTARTING,
    /** Being stopped on purpose. */
    STOPPING,
    /** Gone, on purpose. */
    STOPPED
}
