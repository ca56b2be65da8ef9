package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.config.RolloutConfig;
import io.openclaw.deploy.agent.journal.InstanceRecord;
import io.openclaw.deploy.agent.resources.ResourceFigures;
import io.openclaw.deploy.agent.router.Router;
import io.openclaw.deploy.agent.router.TrafficStats;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import io.openclaw.deploy.agent.supervisor.InstanceState;
import io.openclaw.deploy.agent.supervisor.Supervisor;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Walks a group of loops through canary phases together (spec 6): the new version's instances, already started and
 * healthy, take each phase's share of traffic while the analysis checks them every interval; a failed check takes
 * the canary out of rotation at once and rolls the whole group back; after the last phase the group is promoted.
 */
final class CanaryRollout {
    private final Supervisor supervisor;
    private final Router router;
    private final BlueGreenSwitch blueGreen;
    private final TrafficWeights weights;
    private final InstanceBatch batch;
    private final Fleet fleet;
    private final ResourceFigures resources;

    CanaryRollout(Fleet fleet, Supervisor supervisor, Router router, BlueGreenSwitch blueGreen,
            TrafficWeights weights, InstanceBatch batch, ResourceFigures resources) {
        this.fleet = fleet;
        this.supervisor = supervisor;
        this.router = router;
        this.blueGreen = blueGreen;
        this.weights = weights;
        this.batch = batch;
        this.resources = resources;
    }

    /**
     * The loop around {@link CanaryDecisions}: at each check it reads the clock, the requests and the analysis, asks
     * for the decision and does what it says (events, pause, next phase, promotion, rollback).
     *
     * @param moves  loops whose new instances are up and verified but not routed; each loop has a serving version
     * @param phases the canary's steps, ending at 100
     * @param hooks  what another mechanism (a flag-driven release) does at each step; {@link RampHooks#NONE}
     */
    void run(List<LoopMove> moves, List<RolloutConfig.Phase> phases, RolloutConfig config,
            DeploymentLog log, RolloutControl control, RolloutProgress progress, String strategy, RampHooks hooks)
            throws DeploymentFailure, InterruptedException {
        Map<String, Integer> healthStreaks = new HashMap<>();
        RampWording wording = new RampWording(moves, hooks);
        CanaryDecisions decisions = new CanaryDecisions(RolloutPolicy.of(config), wording);
        for (RolloutConfig.Phase phase : phases) {
            if (phase.percentage() >= 100 || control.promoteRequest() != null) {
                break;
            }
            hooks.beforeShare(moves, phase.percentage(), log);
            setPercent(moves, phase.percentage(), config.canary(), log, wording);
            for (LoopMove m : moves) {
                progress.phase(log.id(), m.loop(), hooks.strategyOf(m.loop(), strategy), phase.percentage() + "%",
                        m.release().version(), phase.percentage());
            }
            CanaryPhase state = CanaryPhase.start(phase, control.sinceAccepted());
            boolean phaseDone = false;
            while (!phaseDone) {
                control.await(config.canary().checkInterval());
                RolloutControl.Requests requests = control.requests();
                List<CanaryAnalysis> checks = analyse(moves, config, healthStreaks);
                state = state.at(control.sinceAccepted()).checked(checks);
                RolloutDecision decision = decisions.decide(state, requests, checks);
                if (decision.recordsAnalyses()) {
                    record(checks, moves, phase, config, wording, log, progress);
                }
                switch (decision.action()) {
                    case WAIT -> { }
                    case PAUSE -> {
                        control.pause();
                        log.pause(decision.reason(), Map.of("cause", cause(decision), "loops", decision.loops()));
                        if (decision.cause() == RolloutDecision.Cause.INCONCLUSIVE) {
                            state = state.heldInconclusive();
                        }
                    }
                    case NEXT -> {
                        if (decision.reason() != null) {
                            log.info(EventTypes.INFO, decision.reason(),
                                    Map.of("cause", cause(decision), "loops", decision.loops()));
                        }
                        phaseDone = true;
                    }
                    case PROMOTE -> phaseDone = true;
                    case ROLLBACK -> throw rollBack(moves, decision.reason(), log, hooks, wording);
                }
            }
        }
        RolloutControl.Request promote = control.promoteRequest();
        if (promote != null) {
            log.info(EventTypes.CONTROL, "promotion requested by " + promote.by() + ": skipping the remaining phases",
                    Map.of("action", "promote", "by", promote.by()));
        }
        try {
            holdOutForTheFinalCopy(moves, log);
            blueGreen.switchTraffic(moves, Set.of(), log, StateHandover.FinalCopy.PROMOTION);
        } catch (DeploymentFailure f) {
            // The state's final copy failed: the canary goes, as after a failed analysis.
            throw rollBack(moves, f.reason(), log, hooks, wording);
        }
        log.info(EventTypes.PROMOTED, wording.promoted(moves.get(0).release().version()), Map.of("loops",
                moves.stream().map(LoopMove::loop).toList()));
        hooks.promoted(moves, log);
    }

    /**
     * A loop that keeps state (spec 3.3) writes it in each slot's copy while both versions serve. For the final copy
     * the new version leaves the rotation and its requests in flight finish, so that, with both slots' writes paused
     * by the freeze hook, the promotion is a blue-green atomic cutover ({@link StateHandover.FinalCopy#PROMOTION}):
     * no write either side acknowledges can miss the copy or be overwritten by it. Until the switch the serving
     * version takes all the requests; a failed copy then leaves it serving, as a rollback would.
     */
    private void holdOutForTheFinalCopy(List<LoopMove> moves, DeploymentLog log) throws InterruptedException {
        List<LoopMove> stateful = moves.stream().filter(m -> m.spec().state().declared()).toList();
        if (stateful.isEmpty()) {
            return;
        }
        List<String> loops = stateful.stream().map(LoopMove::loop).toList();
        weights.clear(loops);
        List<InstanceSpec> held = newInstances(stateful);
        boolean drained = batch.awaitDrained(held);
        log.info(EventTypes.STATE_MIGRATION, loops + ": the new version is out of rotation for the final state copy"
                + (drained ? "" : " (requests still in flight after the drain timeout)"), Map.of("step", "hold",
                "loops", loops, "instances", held.stream().map(InstanceSpec::id).toList(), "drained", drained));
    }

    /** The instances of the moves' new version. */
    private List<InstanceSpec> newInstances(List<LoopMove> moves) {
        List<InstanceSpec> instances = new ArrayList<>();
        for (InstanceRecord i : fleet.record().instances()) {
            for (LoopMove m : moves) {
                if (i.spec().loop().equals(m.loop()) && i.spec().version().equals(m.release().version())
                        && i.spec().slot().equals(m.slot())) {
                    instances.add(i.spec());
                }
            }
        }
        return instances;
    }

    private static String cause(RolloutDecision decision) {
        return decision.cause().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** An analysis event per loop, with the resource figures, and the loop's last analysis in the status. */
    private void record(List<CanaryAnalysis> checks, List<LoopMove> moves, RolloutConfig.Phase phase,
            RolloutConfig config, RampWording wording, DeploymentLog log, RolloutProgress progress) {
        for (CanaryAnalysis check : checks) {
            Map<String, Object> figures = withPhase(check, phase);
            figures.putAll(AnalysisResources.of(supervisor.instances(), moves, check.loop(), resources,
                    config.canary()));
            log.info(EventTypes.ANALYSIS, wording.analysis(check, phase.percentage()), figures);
            progress.analysis(check.loop(), figures);
        }
    }

    private static Map<String, Object> withPhase(CanaryAnalysis check, RolloutConfig.Phase phase) {
        Map<String, Object> data = new LinkedHashMap<>(check.data());
        data.put("percentage", phase.percentage());
        return data;
    }

    private void setPercent(List<LoopMove> moves, int percent, RolloutConfig.Canary rules,
            DeploymentLog log, RampWording wording) {
        weights.canary(moves, percent, rules);
        log.state(DeploymentState.PROGRESSING, wording.share(moves.get(0).release().version(), percent));
        // A flag-driven loop's weights-changed event is its flag's (FlagRollout): it has no canary weight to report.
        if (!wording.byWeight().isEmpty()) {
            log.info(EventTypes.WEIGHTS_CHANGED, "canary weight " + percent + "%",
                    Map.of("percentage", percent, "loops", wording.byWeight()));
        }
    }

    private List<CanaryAnalysis> analyse(List<LoopMove> moves, RolloutConfig config,
            Map<String, Integer> healthStreaks) {
        List<InstanceSnapshot> instances = supervisor.instances();
        List<CanaryAnalysis> checks = new ArrayList<>();
        for (LoopMove m : moves) {
            String version = m.release().version();
            List<String> unhealthy = instances.stream()
                    .filter(i -> i.spec().loop().equals(m.loop()) && i.spec().version().equals(version)
                            && i.spec().slot().equals(m.slot()))
                    .filter(i -> !i.healthy() || i.state() != InstanceState.RUNNING)
                    .map(i -> i.spec().id())
                    .toList();
            int streak = unhealthy.isEmpty() ? 0 : healthStreaks.getOrDefault(m.loop(), 0) + 1;
            healthStreaks.put(m.loop(), streak);
            TrafficStats stats = router.trafficStats(m.loop(), version, config.rollback().window());
            checks.add(CanaryAnalysis.judge(m.loop(), version, stats, unhealthy, streak, config));
        }
        return checks;
    }

    /**
     * Takes every canary of the group out of rotation in one routing change, then drains and stops its instances.
     *
     * @return the failure to throw, carrying {@code reason}
     */
    DeploymentFailure rollBack(List<LoopMove> moves, String reason, DeploymentLog log, RampHooks hooks,
            RampWording wording) throws InterruptedException {
        hooks.stopNewVersion(moves, reason, log);
        long t0 = System.nanoTime();
        Set<String> loops = moves.stream().map(LoopMove::loop).collect(Collectors.toSet());
        weights.clear(loops);
        long micros = (System.nanoTime() - t0) / 1_000;
        log.info(EventTypes.ROLLBACK_STARTED, wording.stopped(moves.get(0).release().version(), reason),
                Map.of("reason", reason, "canaryOffMicros", micros));
        batch.drainAndStop(newInstances(moves), log);
        return new DeploymentFailure(reason);
    }
}
