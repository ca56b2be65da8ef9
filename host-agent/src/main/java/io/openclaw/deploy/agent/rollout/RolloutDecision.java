package io.openclaw.deploy.agent.rollout;

import java.util.List;

/**
 * What a rollout does next, as decided from its state, what people asked and the analysis ({@link CanaryDecisions},
 * {@link RollingDecisions}); the rollout's loop carries it out.
 *
 * @param action what to do
 * @param cause  why, for the loop (which event to record) and for tests
 * @param reason the words of the event or of the deployment's end; null when there is nothing to say (a plain wait)
 * @param loops  the loops the decision is about (e.g. those whose analysis stayed inconclusive), else empty
 */
record RolloutDecision(Action action, Cause cause, String reason, List<String> loops) {

    enum Action {
        /** Stay in the phase or wait until the next check. */
        WAIT,
        /** The phase or batch is done: go on to the next one. */
        NEXT,
        /** Skip the remaining phases: the new version takes all the traffic. */
        PROMOTE,
        /** Hold the deployment for a person (resume, promote or abort). */
        PAUSE,
        /** Undo what the rollout did; {@link #reason} is the deployment's reason. */
        ROLLBACK
    }

    enum Cause {
        /** The phase's time (or stabilization) has not passed yet, or nothing passed yet to judge on. */
        IN_PHASE,
        /** Paused by a person (or held earlier by this rollout) and not resumed. */
        HELD,
        /** The phase's duration passed and at least one check in it passed. */
        PHASE_PASSED,
        /** The stabilization wait passed with every new instance healthy. */
        STABILIZED,
        /** A person resumed a phase held because its analysis stayed inconclusive: it counts as done. */
        RESUMED_AFTER_HOLD,
        /** The phase's duration passed with no passing check, the last inconclusive ({@code on_inconclusive}). */
        INCONCLUSIVE,
        /** A check failed (rollback, or a pause when automatic rollback is off). */
        ANALYSIS_FAILED,
        /** A new instance was unhealthy at the end of a stabilization wait. */
        UNHEALTHY,
        /** A person aborted the deployment. */
        ABORTED,
        /** A person asked for the promotion. */
        PROMOTE_REQUESTED,
        /** The deployment ran longer than {@code rollback.deployment_timeout}. */
        TIMED_OUT
    }

    RolloutDecision {
        loops = List.copyOf(loops);
    }

    static RolloutDecision of(Action action, Cause cause, String reason) {
        return new RolloutDecision(action, cause, reason, List.of());
    }

    /** Whether the analysis this decision was made with is recorded: not when a person's abort or promote won. */
    boolean recordsAnalyses() {
        return cause != Cause.ABORTED && cause != Cause.PROMOTE_REQUESTED;
    }
}
