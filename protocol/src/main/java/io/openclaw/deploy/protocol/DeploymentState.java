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
    /** Held at the current phase by a person (resume, promote or abort). */
    PAUSED,
    SUCCEEDED,
    FAILED,
    ROLLED_BACK;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == ROLLED_BACK;
    }
}
