package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.rollout.RolloutDecision.Action;
import io.openclaw.deploy.agent.rollout.RolloutDecision.Cause;
import java.util.List;

/**
 * The decision of a canary, flag-driven or gradual-cutover phase at each check, as Argo Rollouts reconciles: a pure
 * function of the phase's state, what people asked and the latest analysis of each loop of the group. No clock, no
 * I/O: {@link CanaryRollout} reads those and carries the decision out.
 *
 * <p>In order: an abort rolls back; a promotion request promotes; past the deployment timeout it rolls back; a failed
 * check rolls back (or pauses, with automatic rollback off); a paused deployment waits; a phase held for an
 * inconclusive analysis that a person resumed is done; a phase ends once its duration has passed and a check in it
 * passed (a canary never moves on on no data); past its duration with the last checks inconclusive, it pauses,
 * proceeds or rolls back as {@code canary.on_inconclusive} says, rather than holding silently.
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
        if (policy.timedOut(phase.now())) {
            return RolloutDecision.of(Action.ROLLBACK, Cause.TIMED_OUT, policy.timeoutReason());
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
        if (phase.held()) {
            return RolloutDecision.of(Action.NEXT, Cause.RESUMED_AFTER_HOLD, "resumed after the analysis stayed"
                    + " inconclusive: the " + phase.percentage() + "% phase counts as done");
        }
        if (!phase.over()) {
            return RolloutDecision.of(Action.WAIT, Cause.IN_PHASE, null);
        }
        if (phase.passed()) {
            return RolloutDecision.of(Action.NEXT, Cause.PHASE_PASSED, null);
        }
        List<CanaryAnalysis> inconclusive = analyses.stream()
                .filter(c -> c.verdict() == CanaryAnalysis.Verdict.INCONCLUSIVE).toList();
        if (inconclusive.isEmpty()) {
            return RolloutDecision.of(Action.WAIT, Cause.IN_PHASE, null);
        }
        String why = wording.inconclusive(inconclusive, phase.percentage(), phase.duration());
        List<String> loops = inconclusive.stream().map(CanaryAnalysis::loop).toList();
        return switch (policy.onInconclusive()) {
            case PAUSE -> new RolloutDecision(Action.PAUSE, Cause.INCONCLUSIVE, why + "; the deployment is paused:"
                    + " resume to go on to the next phase, promote, or abort (canary.on_inconclusive: pause)", loops);
            case PROCEED -> new RolloutDecision(Action.NEXT, Cause.INCONCLUSIVE, why + "; going on to the next phase"
                    + " (canary.on_inconclusive: proceed)", loops);
            case ROLLBACK -> new RolloutDecision(Action.ROLLBACK, Cause.INCONCLUSIVE,
                    why + " (canary.on_inconclusive: rollback)", loops);
        };
    }
}
