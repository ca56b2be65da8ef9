package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.config.RolloutConfig;
import java.time.Duration;
import java.util.List;

/**
 * Where one canary phase (or gradual cutover step) stands, on the deployment's clock (time since it was accepted):
 * the input of {@link CanaryDecisions}. Changed only by the rollout's loop, through the methods below.
 *
 * @param percentage the new version's share in this phase
 * @param duration   how long the phase lasts at least
 * @param now        time since the deployment was accepted, at this decision
 * @param endsAt     when the phase's duration has passed, on the same clock
 * @param passed     whether a check in this phase passed for every loop of the group
 * @param held       whether this phase paused the deployment because its analysis stayed inconclusive
 */
record CanaryPhase(int percentage, Duration duration, Duration now, Duration endsAt, boolean passed, boolean held) {

    static CanaryPhase start(RolloutConfig.Phase phase, Duration now) {
        return new CanaryPhase(phase.percentage(), phase.duration(), now, now.plus(phase.duration()), false, false);
    }

    CanaryPhase at(Duration time) {
        return new CanaryPhase(percentage, duration, time, endsAt, passed, held);
    }

    /** After a round of checks: passed once every loop passed one check together. */
    CanaryPhase checked(List<CanaryAnalysis> checks) {
        boolean allPass = !checks.isEmpty()
                && checks.stream().allMatch(c -> c.verdict() == CanaryAnalysis.Verdict.PASS);
        return new CanaryPhase(percentage, duration, now, endsAt, passed || allPass, held);
    }

    /** After the deployment was paused because the analysis stayed inconclusive. */
    CanaryPhase heldInconclusive() {
        return new CanaryPhase(percentage, duration, now, endsAt, passed, true);
    }

    boolean over() {
        return now.compareTo(endsAt) >= 0;
    }
}
