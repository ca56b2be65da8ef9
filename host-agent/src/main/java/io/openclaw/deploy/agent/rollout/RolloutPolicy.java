package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.config.RolloutConfig;
import java.time.Duration;

/**
 * The settings a rollout decision follows, from the deployment's rollout configuration.
 *
 * @param autoRollback      a failed check rolls back (false: it pauses the deployment)
 * @param onInconclusive    what a phase over with no passing check does
 * @param deploymentTimeout how long after its acceptance a deployment still running is rolled back
 */
record RolloutPolicy(boolean autoRollback, RolloutConfig.OnInconclusive onInconclusive, Duration deploymentTimeout) {

    static RolloutPolicy of(RolloutConfig config) {
        return new RolloutPolicy(config.rollback().autoRollback(), config.canary().onInconclusive(),
                config.rollback().deploymentTimeout());
    }

    /** @param sinceAccepted time since the deployment was accepted */
    boolean timedOut(Duration sinceAccepted) {
        return sinceAccepted.compareTo(deploymentTimeout) >= 0;
    }

    String timeoutReason() {
        return "deployment timeout: still running " + RampWording.duration(deploymentTimeout) + " after it was"
                + " accepted (rollback.deployment_timeout)";
    }
}
