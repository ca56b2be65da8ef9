package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.LoopAssignment;
import io.openclaw.deploy.agent.release.StateSpec;
import io.openclaw.deploy.agent.state.FreezeHook;
import io.openclaw.deploy.agent.state.StateEvents;
import io.openclaw.deploy.agent.state.StateMigration;
import io.openclaw.deploy.agent.state.StateMigrationException;
import io.openclaw.deploy.agent.supervisor.InstanceState;
import io.openclaw.deploy.agent.supervisor.Supervisor;
import io.openclaw.deploy.protocol.EventTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * When a blue-green move carries its loop's state (spec 3.3): before the new slot's instances start, the serving
 * slot's state is snapshotted, validated and staged there (or, for a rollback with {@code restore_on_rollback}, the
 * state the slot left is restored); just before the switch, what changed since is copied, with the loop's writes
 * paused by its freeze hook for an atomic cutover. Any failure ends the move before the switch, so the serving slot
 * keeps serving.
 */
final class StateHandover {
    private final StateMigration migration;
    private final Supervisor supervisor;
    private final Fleet fleet;
    private final FreezeHook freezeHook = new FreezeHook();
    /**
     * Staged state per loop, from {@link #stage} to {@link #cutover}. Deployments run one at a time on the deployment
     * thread, and every stage is followed by a cutover or a {@link #discard}.
     */
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    /** @param copyAtCutover false when the state was restored from a snapshot: there are no changes to carry over */
    private record Pending(StateMigration.Staged staged, boolean copyAtCutover) {}

    StateHandover(StateMigration migration, Supervisor supervisor, Fleet fleet) {
        this.migration = migration;
        this.supervisor = supervisor;
        this.fleet = fleet;
    }

    /** Before any new instance starts. */
    synchronized void stage(List<LoopMove> moves, boolean rollback, DeploymentLog log) throws DeploymentFailure {
        FleetRecord r = fleet.record();
        StateEvents events = events(log);
        for (LoopMove move : moves) {
            StateSpec spec = move.spec().state();
            if (!spec.declared()) {
                continue;
            }
            LoopAssignment serving = r.assignments().get(move.loop());
            if (serving == null || serving.slot().equals(move.slot())) {
                events.step(move.loop(), "skipped", move.loop() + ": no other slot serves it, so its state in slot "
                        + move.slot() + " is used as it is", Map.of("loop", move.loop(), "slot", move.slot()));
                continue;
            }
            try {
                boolean restore = rollback && spec.restoreOnRollback();
                StateMigration.Staged staged = restore
                        ? migration.restoreLeft(move.loop(), spec, serving.slot(), move.slot(), events)
                        : migration.stage(move.loop(), spec, serving.slot(), move.slot(), events);
                pending.put(move.loop(), new Pending(staged, !restore));
            } catch (StateMigrationException e) {
                discard(moves);
                throw new DeploymentFailure("state migration of " + move.loop() + " failed: " + e.getMessage()
                        + "; nothing was switched, slot " + serving.slot() + " keeps serving");
            }
        }
    }

    /** The moves did not get to their switch: their staged state is forgotten (the new slot's copy is unused). */
    synchronized void discard(List<LoopMove> moves) {
        moves.forEach(m -> pending.remove(m.loop()));
    }

    synchronized void discardAll() {
        pending.clear();
    }

    /**
     * The final copy for every staged loop of {@code moves}, then {@code doSwitch}.
     *
     * <p>An atomic cutover pauses the serving instances' writes (freeze hook) for the copy. After a switch they stay
     * paused: a request the router forwarded to them just before the switch could otherwise still be written there,
     * after the copy, and be lost; they no longer serve and are drained and stopped later. When nothing is switched
     * they resume at once. Instances the switch routes to are told to resume first, since a warm standby (a
     * rollback within the scale-down delay) may be one that an earlier cutover left paused.
     *
     * @param gradual the new slot took traffic before this switch (gradual cutover, canary): changes are copied
     *                without pausing writes
     */
    synchronized void cutover(List<LoopMove> moves, boolean gradual, DeploymentLog log, Runnable doSwitch)
            throws DeploymentFailure {
        List<Pending> due = moves.stream().map(m -> pending.remove(m.loop())).filter(Objects::nonNull).toList();
        if (due.isEmpty()) {
            doSwitch.run();
            return;
        }
        StateEvents events = events(log);
        List<FreezeHook.Frozen> frozen = new ArrayList<>();
        boolean switched = false;
        try {
            for (Pending p : due) {
                StateMigration.Staged s = p.staged();
                if (s.spec().freezePath() != null) {
                    resumeTargets(s, log);
                }
                if (!p.copyAtCutover()) {
                    continue;
                }
                if (!gradual && s.spec().freezePath() != null) {
                    List<Integer> ports = ports(s.loop(), s.fromSlot());
                    frozen.add(freezeHook.freeze(s.loop(), s.spec().freezePath(), ports));
                    events.step(s.loop(), "freeze", s.loop() + ": writes paused on " + ports.size()
                            + " instance(s) of slot " + s.fromSlot() + " for the final copy",
                            Map.of("loop", s.loop(), "ports", ports));
                } else if (!gradual) {
                    events.step(s.loop(), "sync", s.loop() + " declares no freeze hook: a write between the final"
                            + " copy and the switch is not carried over", Map.of("loop", s.loop()));
                }
                migration.syncChanges(s, events);
            }
            doSwitch.run();
            switched = true;
        } catch (StateMigrationException e) {
            String loops = due.stream().map(p -> p.staged().loop()).toList().toString();
            throw new DeploymentFailure("state migration of " + loops + " failed at the final copy: "
                    + e.getMessage() + "; nothing was switched");
        } finally {
            if (!switched && !frozen.isEmpty()) {
                List<String> failed = new ArrayList<>();
                frozen.forEach(f -> failed.addAll(f.resume()));
                log.info(EventTypes.STATE_MIGRATION, failed.isEmpty() ? "nothing was switched: writes resumed"
                        : "nothing was switched, but writes could not be resumed on " + failed,
                        Map.of("step", "resume", "failed", failed));
            }
        }
    }

    private void resumeTargets(StateMigration.Staged s, DeploymentLog log) {
        List<Integer> ports = ports(s.loop(), s.toSlot());
        List<String> failed = freezeHook.resume(s.spec().freezePath(), ports);
        if (!failed.isEmpty()) {
            log.info(EventTypes.STATE_MIGRATION, s.loop() + ": the instances about to serve did not confirm that"
                    + " their writes are resumed: " + failed, Map.of("step", "resume", "loop", s.loop(),
                    "failed", failed));
        }
    }

    private List<Integer> ports(String loop, String slot) {
        return supervisor.instances().stream()
                .filter(i -> i.spec().loop().equals(loop) && i.spec().slot().equals(slot))
                .filter(i -> i.state() == InstanceState.RUNNING)
                .map(i -> i.spec().port())
                .toList();
    }

    private static StateEvents events(DeploymentLog log) {
        return (loop, step, message, data) -> {
            Map<String, Object> withStep = new LinkedHashMap<>(data);
            withStep.put("step", step);
            log.info(EventTypes.STATE_MIGRATION, message, withStep);
        };
    }
}
