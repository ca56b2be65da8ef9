package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.rollout.RolloutDecision.Action;
import io.openclaw.deploy.agent.rollout.RolloutDecision.Cause;
import java.util.List;

/**
 * The decision of a canary, flag-driven or gradual-cutover phase at each check, as Argo Rollouts reconciles: a pure
 * function of the phase's state, what people asked and the latest analysis of each loop of the group. No clock, no
 * I/O: {@link CanaryRollout} reads those and carries the decision out.
 *
 * <p>In order: an abort rolls back; a promotion request promotes; a failed check rolls back (or pauses, with automatic
 * rollback off); a paused deployment waits; a phase ends once its duration has passed and a check in it passed (a
 * canary never moves on on no data, so an analysis that stays inconclusive holds the phase).
 */
final class CanaryDecisions {
    private final RolloutPolicy policy;
    private final RampWording wording;

    CanaryDecisions(RolloutPolicy policy, RampWording wording) {
        this.policy = policy;
        this.wording = wording;
    }

    /**
     * @param phase    the phase, with {@link CanaryPhase#checked} already applied for {@code analyses}
     * @param analyses this check's verdict for each loop of the group
     */
    RolloutDecision decide(CanaryPhase phase, RolloutControl.Requests requests, List<CanaryAnalysis> analyses) {
        if (requests.abort() != null) {
            return RolloutDecision.of(Action.ROLLBACK, Cause.ABORTED, requests.abort().abortReason());
        }
        if (requests.promote() != null) {
            return RolloutDecision.of(Action.PROMOTE, Cause.PROMOTE_REQUESTED,
                    "promotion requested by " + requests.promote().by() + ": skipping the remaining phases");
        }
        CanaryAnalysis failed = analyses.stream().filter(c -> c.verdict() == CanaryAnalysis.Verdict.FAIL)
                .findFirst().orElse(null);
        if (failed != null) {
            String reason = wording.failed(failed, phase.percentage());
            List<String> loops = List.of(failed.loop());
            if (policy.autoRollback()) {
                return new RolloutDecision(Action.ROLLBACK, Cause.ANALYSIS_FAILED, reason, loops);
            }
            return requests.paused() ? new RolloutDecision(Action.WAIT, Cause.ANALYSIS_FAILED, reason, loops)
                    : new RolloutDecision(Action.PAUSE, Cause.ANALYSIS_FAILED, reason + "; automatic rollback is"
                            + " off, so the deployment is paused for a person to resume, promote or abort it", loops);
        }
        if (requests.paused()) {
            return RolloutDecision.of(Action.WAIT, Cause.HELD, null);
        }
        if (!phase.over()) {
            return RolloutDecision.of(Action.WAIT, Cause.IN_PHASE, null);
        }
        if (phase.passed()) {
            return RolloutDecision.of(Action.NEXT, Cause.PHASE_PASSED, null);
        }
        return RolloutDecision.of(Action.WAIT, Cause.IN_PHASE, null);
    }
}
