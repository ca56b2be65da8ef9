package io.openclaw.deploy.protocol;

/** Life cycle of a deployment; the last three are terminal. */
public enum DeploymentState {
    PENDING,
    INSTALLING,
    STARTING,
    VERIFYING,
    SWITCHING,
    SUCCEEDED,
    FAILED,
    ROLLED_BACK;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == ROLLED_BACK;
    }
}
