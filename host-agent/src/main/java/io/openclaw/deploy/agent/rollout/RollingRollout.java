package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.config.RolloutConfig;
import io.openclaw.deploy.agent.journal.InstanceRecord;
import io.openclaw.deploy.agent.journal.LoopAssignment;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import io.openclaw.deploy.agent.supervisor.Supervisor;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rolling update of one loop (spec 4): batch by batch, new-version instances start beside the old ones (surge, on
 * the idle slot's ports), pass their health check, join rotation, and only then an old batch leaves rotation, drains
 * and stops; capacity never drops below the loop's replicas. Every instance takes an equal share throughout (the
 * new group's share is its count over the total). Too many unhealthy new instances in a batch, or one failing during
 * the stabilization wait, bring back the old instances already stopped and remove every new one.
 */
final class RollingRollout {
    private static final Logger LOG = LoggerFactory.getLogger(RollingRollout.class);

    private final Fleet fleet;
    private final Supervisor supervisor;
    private final BlueGreenSwitch blueGreen;
    private final TrafficWeights weights;
    private final InstanceBatch batch;

    RollingRollout(Fleet fleet, Supervisor supervisor, BlueGreenSwitch blueGreen, TrafficWeights weights,
            InstanceBatch batch) {
        this.fleet = fleet;
        this.supervisor = supervisor;
        this.blueGreen = blueGreen;
        this.weights = weights;
        this.batch = batch;
    }

    static int batchSize(RolloutConfig.Rolling config, int replicas) {
        int size = config.batchSize() > 0 ? config.batchSize() : Math.max(1, replicas / 4);
        return Math.min(size, replicas);
    }

    /** @param move the loop, its new release and the idle slot its new instances take */
    void run(LoopMove move, RolloutConfig config, DeploymentLog log, RolloutControl control,
            RolloutProgress progress) throws DeploymentFailure, InterruptedException {
        LoopAssignment serving = fleet.record().assignments().get(move.loop());
        String version = move.release().version();
        List<InstanceSpec> old = fleet.record().instances().stream()
                .map(InstanceRecord::spec)
                .filter(s -> s.loop().equals(move.loop()) && s.version().equals(serving.version())
                        && s.slot().equals(serving.slot()))
                .sorted(Comparator.comparingInt(InstanceSpec::index))
                .toList();
        int replicas = move.spec().replicas();
        int perBatch = batchSize(config.rolling(), replicas);
        RollingDecisions decisions = new RollingDecisions(RolloutPolicy.of(config));
        log.state(DeploymentState.PROGRESSING, move.loop() + ": rolling " + replicas + " instance(s) to " + version
                + " in batches of " + perBatch);
        blueGreen.clearSlot(move, log);
        blueGreen.stageState(move, log);
        setNewShare(move, 0, 0);
        List<InstanceSpec> fresh = new ArrayList<>();
        List<InstanceSpec> stoppedOld = new ArrayList<>();
        try {
            for (int first = 0, number = 1; first < replicas; first += perBatch, number++) {
                List<Integer> indices = IntStream.range(first, Math.min(first + perBatch, replicas)).boxed().toList();
                List<InstanceSpec> started = batch.start(InstanceBatch.replicas(move, indices), log);
                fresh.addAll(started);
                List<String> unhealthy = batch.awaitHealthy(started, log);
                if (unhealthy.size() >= config.rolling().maxFailuresPerBatch()) {
                    throw new DeploymentFailure(move.loop() + ": batch " + number + " health check failed for "
                            + String.join(", ", unhealthy) + " (" + unhealthy.size() + " of " + started.size()
                            + ", max_failures_per_batch " + config.rolling().maxFailuresPerBatch() + ")");
                }
                int oldLeft = old.size() - stoppedOld.size();
                List<InstanceSpec> leaving = old.subList(stoppedOld.size(),
                        stoppedOld.size() + Math.min(indices.size(), oldLeft));
                int share = setNewShare(move, fresh.size(), oldLeft - leaving.size());
                progress.phase(log.id(), move.loop(), "rolling", "batch " + number + " of "
                        + (replicas + perBatch - 1) / perBatch, version, share);
                retire(leaving, log);
                stoppedOld.addAll(leaving);
                log.info(EventTypes.WEIGHTS_CHANGED, move.loop() + ": batch " + number + " done, " + fresh.size()
                        + " of " + replicas + " instance(s) on " + version, Map.of("loop", move.loop(), "batch", number,
                        "updated", fresh.size(), "replicas", replicas));
                stabilize(move, fresh, config.rolling().stabilization(), control, decisions);
            }
            // Inside the try: a failed final state copy switches nothing, so the old instances come back.
            blueGreen.switchTraffic(List.of(move), Set.of(), log, StateHandover.FinalCopy.UNPAUSED);
        } catch (DeploymentFailure f) {
            restore(move, fresh, stoppedOld, log);
            blueGreen.discardState(move);
            throw new DeploymentFailure(f.reason() + "; " + move.loop() + " is back on " + serving.version());
        }
        List<InstanceSpec> rest = old.subList(stoppedOld.size(), old.size());
        retire(rest, log);
    }

    /**
     * Waits the stabilization time, the loop around {@link RollingDecisions}: at each wake-up (a control request,
     * the end of the wait, or every 200 ms while paused past it) it asks for the decision and does what it says.
     */
    private void stabilize(LoopMove move, List<InstanceSpec> fresh, Duration wait, RolloutControl control,
            RollingDecisions decisions) throws DeploymentFailure, InterruptedException {
        Duration start = control.sinceAccepted();
        RollingDecisions.Stabilization state = new RollingDecisions.Stabilization(move.loop(), start, start.plus(wait));
        while (true) {
            state = state.at(control.sinceAccepted());
            RolloutDecision decision = decisions.decide(state, control.requests(), unhealthy(fresh));
            switch (decision.action()) {
                case ROLLBACK -> throw new DeploymentFailure(decision.reason());
                case NEXT -> {
                    return;
                }
                default -> {
                    Duration left = state.endsAt().minus(state.now());
                    control.await(left.compareTo(Duration.ofMillis(200)) > 0 ? left : Duration.ofMillis(200));
                }
            }
        }
    }

    private List<String> unhealthy(List<InstanceSpec> fresh) {
        return supervisor.instances().stream()
                .filter(i -> fresh.stream().anyMatch(f -> f.id().equals(i.spec().id())))
                .filter(i -> !i.healthy())
                .map(i -> i.spec().id())
                .toList();
    }

    /** Equal per-instance shares: the new group takes its count over the instances in rotation. */
    private int setNewShare(LoopMove move, int fresh, int oldInRotation) {
        int percent = fresh + oldInRotation == 0 ? 0 : Math.round(100f * fresh / (fresh + oldInRotation));
        weights.share(move, percent);
        return percent;
    }

    private void retire(List<InstanceSpec> leaving, DeploymentLog log) throws InterruptedException {
        if (leaving.isEmpty()) {
            return;
        }
        List<String> ids = leaving.stream().map(InstanceSpec::id).toList();
        fleet.setOutOfRotation(ids, true);
        try {
            batch.drainAndStop(leaving, log);
        } finally {
            fleet.setOutOfRotation(ids, false);
        }
    }

    /** Old instances back first (same specs, same ports), then the new ones out of rotation and stopped. */
    private void restore(LoopMove move, List<InstanceSpec> fresh, List<InstanceSpec> stoppedOld,
            DeploymentLog log) throws InterruptedException {
        log.info(EventTypes.ROLLBACK_STARTED, move.loop() + ": restoring " + stoppedOld.size()
                + " old instance(s) and removing " + fresh.size() + " new one(s)", Map.of("loop", move.loop()));
        for (InstanceSpec spec : stoppedOld) {
            try {
                fleet.launch(spec);
                log.info(EventTypes.INSTANCE_STARTED, "restarted " + spec.id() + " (" + spec.version() + ")",
                        Map.of("instance", spec.id(), "loop", spec.loop()));
            } catch (RuntimeException e) {
                LOG.error("Cannot restart {}: {}", spec.id(), e.getMessage());
            }
        }
        batch.awaitHealthyQuietly(stoppedOld);
        weights.clear(List.of(move.loop()));
        batch.drainAndStop(fresh, log);
    }
}
