package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.rollout.RolloutDecision.Action;
import io.openclaw.deploy.agent.rollout.RolloutDecision.Cause;
import java.time.Duration;
import java.util.List;

/**
 * The decision of a rolling update's stabilization wait after a batch, a pure function like {@link CanaryDecisions}:
 * an abort or the deployment timeout rolls back; a paused deployment waits (beyond the wait's end too); once the
 * wait has passed every new instance must be healthy. A promotion request has no meaning for a rolling batch.
 */
final class RollingDecisions {
    /**
     * @param loop   the loop being updated
     * @param now    time since the deployment was accepted
     * @param endsAt when the wait ends, on the same clock
     */
    record Stabilization(String loop, Duration now, Duration endsAt) {
        Stabilization at(Duration time) {
            return new Stabilization(loop, time, endsAt);
        }
    }

    private final RolloutPolicy policy;

    RollingDecisions(RolloutPolicy policy) {
        this.policy = policy;
    }

    /** @param unhealthy the ids of the new instances not healthy now */
    RolloutDecision decide(Stabilization wait, RolloutControl.Requests requests, List<String> unhealthy) {
        if (requests.abort() != null) {
            return RolloutDecision.of(Action.ROLLBACK, Cause.ABORTED, requests.abort().abortReason());
        }
        if (policy.timedOut(wait.now())) {
            return RolloutDecision.of(Action.ROLLBACK, Cause.TIMED_OUT, policy.timeoutReason());
        }
        if (requests.paused()) {
            return RolloutDecision.of(Action.WAIT, Cause.HELD, null);
        }
        if (wait.now().compareTo(wait.endsAt()) < 0) {
            return RolloutDecision.of(Action.WAIT, Cause.IN_PHASE, null);
        }
        if (!unhealthy.isEmpty()) {
            return new RolloutDecision(Action.ROLLBACK, Cause.UNHEALTHY, wait.loop() + ": health check failed for "
                    + String.join(", ", unhealthy) + " during the stabilization wait", List.of(wait.loop()));
        }
        return RolloutDecision.of(Action.NEXT, Cause.STABILIZED, null);
    }
}
