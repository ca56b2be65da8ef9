package io.openclaw.deploy.protocol;

/** Life cycle of a deployment; the last three are terminal. */
public enum DeploymentState {
    PENDING,
    INSTALLING,
    STARTING,
    VERIFYING,
    SWITCHING,
    /** A canary or gradual cutover is moving traffic phase by phase, with analysis. */
    PROGRESSING,
    /**
     * Held at the current phase for a person to resume, promote or abort: paused by one, or by the analysis (a failed
     * check with automatic rollback off, or no passing check by the end of a phase). {@link Deployment#reason} says why.
     */
    PAUSED,
    SUCCEEDED,
    FAILED,
    ROLLED_BACK;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == ROLLED_BACK;
    }
}
