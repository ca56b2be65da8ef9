package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.InstanceRecord;
import io.openclaw.deploy.agent.journal.LoopAssignment;
import io.openclaw.deploy.agent.release.InstalledRelease;
import io.openclaw.deploy.agent.release.LoopSpec;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import io.openclaw.deploy.agent.supervisor.InstanceState;
import io.openclaw.deploy.agent.supervisor.Supervisor;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The blue-green procedure, plan and switch: bring each loop's target release up in the idle slot (or reuse a warm,
 * healthy standby of that very version), verify health, then move every loop's traffic in one journaled, atomic
 * routing change. Nothing is switched unless every instance is healthy; on failure the instances it started are
 * stopped and the serving release is untouched. Starting, awaiting and stopping instances is {@link InstanceBatch}'s.
 */
final class BlueGreenSwitch {
    private final Fleet fleet;
    private final Supervisor supervisor;
    private final InstanceBatch batch;
    private final StateHandover state;

    BlueGreenSwitch(Fleet fleet, Supervisor supervisor, InstanceBatch batch, StateHandover state) {
        this.fleet = fleet;
        this.supervisor = supervisor;
        this.batch = batch;
        this.state = state;
    }

    /**
     * @param targets      each loop to move, with the release that is to serve it
     * @param removedLoops loops that stop being served (absent from the new release)
     */
    void run(Map<String, InstalledRelease> targets, Set<String> removedLoops, DeploymentLog log)
            throws DeploymentFailure, InterruptedException {
        run(targets, removedLoops, log, false);
    }

    /** @param rollback a return to what served before: the loops' state may be restored rather than carried over */
    void run(Map<String, InstalledRelease> targets, Set<String> removedLoops, DeploymentLog log, boolean rollback)
            throws DeploymentFailure, InterruptedException {
        List<LoopMove> moves = prepare(targets, log, rollback);
        if (moves.isEmpty() && removedLoops.isEmpty()) {
            log.info(EventTypes.INFO, "every loop already runs the requested version; nothing to switch", Map.of());
            return;
        }
        try {
            switchTraffic(moves, removedLoops, log, StateHandover.FinalCopy.ATOMIC);
        } catch (DeploymentFailure f) {
            stopUnrouted(moves, log);
            throw f;
        }
    }

    /** Staged state no switch is coming for (see {@link StateHandover#discardAll}). */
    void forgetStagedState() {
        state.discardAll();
    }

    /** The instances a failed cutover leaves unrouted in the moves' slots: the serving ones are not touched. */
    private void stopUnrouted(List<LoopMove> moves, DeploymentLog log) {
        FleetRecord r = fleet.record();
        List<InstanceSpec> unrouted = new ArrayList<>();
        for (LoopMove m : moves) {
            for (InstanceRecord i : r.instances()) {
                if (!m.reuse() && i.spec().loop().equals(m.loop()) && i.spec().slot().equals(m.slot())
                        && i.spec().version().equals(m.release().version()) && !Fleet.isAssigned(r, i.spec())) {
                    unrouted.add(i.spec());
                }
            }
        }
        if (!unrouted.isEmpty()) {
            batch.stop(unrouted, log);
        }
    }

    /**
     * Brings the targets up beside what serves (idle slot or warm standby) and verifies them, without routing to
     * them. On failure what it started is stopped.
     *
     * @return the loops that need a switch (loops already on their target are left out)
     */
    List<LoopMove> prepare(Map<String, InstalledRelease> targets, DeploymentLog log)
            throws DeploymentFailure, InterruptedException {
        return prepare(targets, log, false);
    }

    /**
     * The loops' state (spec 3.3) is staged into the new slot after its leftover standbys are gone and before its
     * instances start, so they start on it.
     */
    List<LoopMove> prepare(Map<String, InstalledRelease> targets, DeploymentLog log, boolean rollback)
            throws DeploymentFailure, InterruptedException {
        List<LoopMove> moves = plan(targets, log);
        List<LoopMove> fresh = moves.stream().filter(m -> !m.reuse()).toList();
        if (!fresh.isEmpty()) {
            String slots = fresh.stream().map(LoopMove::slot).distinct().collect(Collectors.joining(", "));
            log.state(DeploymentState.STARTING, "starting " + fresh.size() + " loop(s) in slot " + slots);
            clearSlots(fresh, log);
        }
        state.stage(moves, rollback, log);
        try {
            List<InstanceSpec> started = start(fresh, log);
            verify(started, log);
        } catch (DeploymentFailure | RuntimeException e) {
            state.discard(moves);
            throw e;
        }
        return moves;
    }

    private List<LoopMove> plan(Map<String, InstalledRelease> targets, DeploymentLog log) throws DeploymentFailure {
        FleetRecord before = fleet.record();
        List<InstanceSnapshot> running = supervisor.instances();
        List<LoopMove> moves = new ArrayList<>();
        for (Map.Entry<String, InstalledRelease> target : targets.entrySet()) {
            String loop = target.getKey();
            InstalledRelease release = target.getValue();
            LoopSpec spec = release.manifest()
                    .loop(loop)
                    .orElseThrow(() -> new DeploymentFailure(
                            "release " + release.version() + " has no loop named " + loop));
            LoopAssignment current = before.assignments().get(loop);
            if (current != null && current.version().equals(release.version())) {
                continue;
            }
            String warmSlot = warmStandbySlot(before, running, spec, release.version());
            if (warmSlot != null) {
                moves.add(new LoopMove(loop, release, spec, warmSlot, true));
            } else {
                moves.add(new LoopMove(loop, release, spec, Slot.other(current == null ? null : current.slot()), false));
            }
        }
        List<String> reused = moves.stream().filter(LoopMove::reuse).map(m -> m.loop() + "@" + m.slot()).toList();
        if (!reused.isEmpty()) {
            // One event, not one per loop: every journaled event is a disk flush on the way to the switch.
            log.info(EventTypes.INFO, "reusing the running, healthy instances of " + reused.size()
                    + " loop(s): no process to start", Map.of("loops", reused));
        }
        return moves;
    }

    /** A slot where enough healthy, unrouted instances of exactly this version already run, or null. */
    private static String warmStandbySlot(
            FleetRecord fleet, List<InstanceSnapshot> running, LoopSpec spec, String version) {
        Map<String, Long> healthyBySlot = running.stream()
                .filter(i -> i.spec().loop().equals(spec.name()) && i.spec().version().equals(version))
                .filter(i -> i.healthy() && i.state() == InstanceState.RUNNING)
                .filter(i -> !Fleet.isAssigned(fleet, i.spec()))
                .collect(Collectors.groupingBy(i -> i.spec().slot(), Collectors.counting()));
        return healthyBySlot.entrySet().stream()
                .filter(e -> e.getValue() >= spec.replicas())
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    private List<InstanceSpec> start(List<LoopMove> fresh, DeploymentLog log) throws DeploymentFailure {
        if (fresh.isEmpty()) {
            return List.of();
        }
        return batch.start(InstanceBatch.allReplicas(fresh), log);
    }

    /** A loop's move to a release into the slot that does not serve it (rolling batches start there). */
    LoopMove planMove(String loop, InstalledRelease release) throws DeploymentFailure {
        LoopSpec spec = release.manifest().loop(loop).orElseThrow(() -> new DeploymentFailure(
                "release " + release.version() + " has no loop named " + loop));
        LoopAssignment current = fleet.record().assignments().get(loop);
        return new LoopMove(loop, release, spec, Slot.other(current == null ? null : current.slot()), false);
    }

    void clearSlot(LoopMove move, DeploymentLog log) {
        clearSlots(List.of(move), log);
    }

    /**
     * A rolling loop's new instances run in the idle slot, on that slot's data directory, so its state is staged
     * there before the first batch starts, as for a blue-green move; the switch at the end of the rollout makes the
     * final copy ({@link #switchTraffic} with {@link StateHandover.FinalCopy#UNPAUSED}, since both slots served side
     * by side and the old instances are gone by then).
     */
    void stageState(LoopMove move, DeploymentLog log) throws DeploymentFailure {
        state.stage(List.of(move), false, log);
    }

    /** The rolling update of {@code move} was undone: its staged state has no switch coming. */
    void discardState(LoopMove move) {
        state.discard(List.of(move));
    }

    /** The idle slot may still hold an older standby of the same loop: it must go before its ports are reused. */
    private void clearSlots(List<LoopMove> fresh, DeploymentLog log) {
        FleetRecord r = fleet.record();
        List<InstanceSpec> leftovers = new ArrayList<>();
        for (LoopMove move : fresh) {
            for (InstanceRecord i : r.instances()) {
                if (i.spec().loop().equals(move.loop()) && i.spec().slot().equals(move.slot())
                        && !Fleet.isAssigned(r, i.spec())) {
                    leftovers.add(i.spec());
                }
            }
        }
        if (!leftovers.isEmpty()) {
            log.info(EventTypes.INFO, "stopping " + leftovers.size() + " standby instance(s) to free the slot",
                    Map.of("instances", leftovers.stream().map(InstanceSpec::id).toList()));
            batch.stop(leftovers, log);
        }
    }

    private void verify(List<InstanceSpec> started, DeploymentLog log) throws DeploymentFailure {
        if (started.isEmpty()) {
            return;
        }
        log.state(DeploymentState.VERIFYING, "waiting for " + started.size() + " instance(s) to pass health checks");
        long t0 = System.nanoTime();
        List<String> unhealthy = batch.awaitHealthy(started, log);
        if (!unhealthy.isEmpty()) {
            batch.stop(started, log);
            throw new DeploymentFailure("health check failed for " + String.join(", ", unhealthy)
                    + "; the new instances were stopped and traffic stayed on the serving release");
        }
        log.info(EventTypes.INFO, "all " + started.size() + " instance(s) healthy after "
                + (System.nanoTime() - t0) / 1_000_000 + " ms", Map.of());
    }

    /**
     * The loops' last state changes are copied first ({@link StateHandover#cutover}); a failure there throws before
     * anything is switched.
     *
     * @param finalCopy what the new instances did before: nothing (blue-green), took part of the traffic and were
     *                  taken back out of rotation (a promotion), or take all of it (the end of a rolling update)
     */
    void switchTraffic(List<LoopMove> moves, Set<String> removedLoops, DeploymentLog log,
            StateHandover.FinalCopy finalCopy) throws DeploymentFailure {
        state.cutover(moves, finalCopy, log, () -> routeTo(moves, removedLoops, log));
    }

    private void routeTo(List<LoopMove> moves, Set<String> removedLoops, DeploymentLog log) {
        log.state(DeploymentState.SWITCHING, "switching traffic of " + (moves.size() + removedLoops.size())
                + " loop(s)");
        long t0 = System.nanoTime();
        FleetRecord after = fleet.update(r -> {
            Map<String, LoopAssignment> next = new LinkedHashMap<>(r.assignments());
            for (LoopMove move : moves) {
                next.put(move.loop(), new LoopAssignment(
                        move.loop(), move.release().version(), move.slot(), move.spec().strategy().id()));
            }
            removedLoops.forEach(next::remove);
            String release = singleVersion(next);
            String previousRelease = release != null && !release.equals(r.release()) ? r.release() : r.previousRelease();
            return r.withSwitch(release, previousRelease, next, r.assignments());
        });
        long micros = (System.nanoTime() - t0) / 1_000;
        log.info(EventTypes.TRAFFIC_SWITCHED, "traffic switched to " + describeAssignments(after, moves) + " in "
                        + String.format(Locale.ROOT, "%.1f", micros / 1000.0) + " ms",
                Map.of("switchMicros", micros, "loops", moves.size()));
    }

    static String singleVersion(Map<String, LoopAssignment> assignments) {
        Set<String> versions = assignments.values().stream().map(LoopAssignment::version).collect(Collectors.toSet());
        return versions.size() == 1 ? versions.iterator().next() : null;
    }

    /** The release now served, or, while loops differ (a subset deployed), what this switch moved. */
    static String describeAssignments(FleetRecord r, List<LoopMove> moves) {
        if (r.release() != null) {
            Set<String> slots = r.assignments().values().stream().map(LoopAssignment::slot).collect(Collectors.toSet());
            return r.release() + (slots.size() == 1 ? " (slot " + slots.iterator().next() + ")" : "");
        }
        Set<String> moved = moves.stream().map(m -> m.release().version()).collect(Collectors.toSet());
        if (moved.size() == 1) {
            return moved.iterator().next() + " for " + moves.stream().map(LoopMove::loop).toList()
                    + " (the other loops keep their versions)";
        }
        return "a mix of versions";
    }
}
