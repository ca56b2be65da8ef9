package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.config.RolloutConfig;

/**
 * The settings a rollout decision follows, from the deployment's rollout configuration.
 *
 * @param autoRollback a failed check rolls back (false: it pauses the deployment)
 */
record RolloutPolicy(boolean autoRollback) {

    static RolloutPolicy of(RolloutConfig config) {
        return new RolloutPolicy(config.rollback().autoRollback());
    }
}
