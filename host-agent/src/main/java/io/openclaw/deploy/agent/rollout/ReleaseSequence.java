package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.config.RolloutConfig;
import io.openclaw.deploy.agent.flags.FlagService;
import io.openclaw.deploy.agent.release.InstalledRelease;
import io.openclaw.deploy.agent.release.LoopStrategy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The per-loop strategy dispatch of one deployment, in order: canary and feature-flag loops first (they are the ones
 * watched under real traffic, ramped together through the same phases), then rolling loops one by one, then
 * blue-green loops with a gradual cutover (steps analysed like canary phases), then every other loop switches
 * blue-green in one atomic change. So the agent never serves a mix it did not intend: during the canary only the
 * canary loops carry the new version, and the rest follow only once the canary has been promoted.
 */
final class ReleaseSequence {
    private final Fleet fleet;
    private final BlueGreenSwitch blueGreen;
    private final CanaryRollout canaryRollout;
    private final RollingRollout rollingRollout;
    private final RolloutProgress progress;

    ReleaseSequence(Fleet fleet, BlueGreenSwitch blueGreen, CanaryRollout canaryRollout,
            RollingRollout rollingRollout, RolloutProgress progress) {
        this.fleet = fleet;
        this.blueGreen = blueGreen;
        this.canaryRollout = canaryRollout;
        this.rollingRollout = rollingRollout;
        this.progress = progress;
    }

    /**
     * @param flags the agent's flags, which drive feature-flag loops; null: those loops ramp as plain canaries
     */
    void run(StrategyPlan plan, Set<String> removed, RolloutConfig rollout, RolloutControl control, DeploymentLog log,
            FlagService flags) throws DeploymentFailure, InterruptedException {
        try {
            runSteps(plan, removed, rollout, control, log, flags);
        } finally {
            // A canary rolled back, or an abort between the steps, leaves state staged for a switch that never came.
            blueGreen.forgetStagedState();
        }
    }

    private void runSteps(StrategyPlan plan, Set<String> removed, RolloutConfig rollout, RolloutControl control,
            DeploymentLog log, FlagService flags) throws DeploymentFailure, InterruptedException {
        if (!plan.canary().isEmpty()) {
            List<LoopMove> moves = blueGreen.prepare(plan.canary(), log);
            if (!moves.isEmpty()) {
                Set<String> byFlag = plan.canary().keySet().stream()
                        .filter(loop -> LoopStrategy.FEATURE_FLAG.id().equals(plan.strategies().get(loop)))
                        .collect(Collectors.toSet());
                FlagRollout flagRollout = flags == null || byFlag.isEmpty() ? null
                        : new FlagRollout(flags, fleet, byFlag, rollout.canary());
                try {
                    canaryRollout.run(moves, rollout.canary().phases(), rollout, log, control, progress, "canary",
                            flagRollout == null ? RampHooks.NONE : flagRollout);
                } finally {
                    if (flagRollout != null) {
                        flagRollout.end();
                    }
                }
            }
        }
        for (Map.Entry<String, InstalledRelease> loop : plan.rolling().entrySet()) {
            throwIfStopped(control, rollout);
            rollingRollout.run(blueGreen.planMove(loop.getKey(), loop.getValue()), rollout, log, control,
                    progress);
        }
        if (!plan.gradual().isEmpty()) {
            throwIfStopped(control, rollout);
            List<LoopMove> moves = blueGreen.prepare(plan.gradual(), log);
            if (!moves.isEmpty()) {
                canaryRollout.run(moves, rollout.cutover().phases(), rollout, log, control, progress,
                        "gradual-cutover", RampHooks.NONE);
            }
        }
        throwIfStopped(control, rollout);
        blueGreen.run(plan.blueGreen(), removed, log);
    }


    /** Between the strategies: an abort, or the deployment timeout, ends the deployment before the next one. */
    private static void throwIfStopped(RolloutControl control, RolloutConfig rollout) throws DeploymentFailure {
        RolloutControl.Request abort = control.abortRequest();
        if (abort != null) {
            throw new DeploymentFailure(abort.abortReason());
        }
        RolloutPolicy policy = RolloutPolicy.of(rollout);
        if (policy.timedOut(control.sinceAccepted())) {
            throw new DeploymentFailure(policy.timeoutReason());
        }
    }
}
