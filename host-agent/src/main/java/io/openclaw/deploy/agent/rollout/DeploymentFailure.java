package io.openclaw.deploy.agent.rollout;

/** A deployment step failed after something had started; the procedure undoes its work and ends ROLLED_BACK. */
final class DeploymentFailure extends Exception {
    private static final long serialVersionUID = 1L;

    DeploymentFailure(String reason) {
        super(reason);
    }

    String reason() {
        return getMessage();
    }
}
