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
 * in both slots paused by its freeze hook (see {@link FinalCopy}). Any failure ends the move before the switch, so the
 * serving slot keeps serving.
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

    /** How the final copy of a cutover is made, by what the new slot did before it. */
    enum FinalCopy {
        /** Blue-green: the new slot has taken no traffic. Both slots' writes are paused for the copy. */
        ATOMIC(true, false),
        /**
         * A canary's or a gradual cutover's promotion: the new slot took a share of the traffic and has been taken
         * back out of rotation and drained for the copy. Both slots' writes are paused; the new slot's own writes are
         * kept.
         */
        PROMOTION(true, true),
        /**
         * The end of a rolling update: the old instances are gone and the new slot takes all the traffic, so nothing
         * can be paused; its own writes are kept.
         */
        UNPAUSED(false, true);

        private final boolean paused;
        private final boolean newSlotServed;

        FinalCopy(boolean paused, boolean newSlotServed) {
            this.paused = paused;
            this.newSlotServed = newSlotServed;
        }
    }

    /**
     * The final copy for every staged loop of {@code moves}, then {@code doSwitch}.
     *
     * <p>Paused ({@link FinalCopy#ATOMIC}, {@link FinalCopy#PROMOTION}), the copy runs while the freeze hook holds the
     * writes of both slots' instances: the serving ones, so that no write they acknowledge can miss the copy, and
     * those about to serve, so that none of theirs (a canary's, a warm standby's own work) can land on an item while
     * the copy replaces it. The new slot's instances are paused first, since they take no traffic now and their
     * refusals cost nothing, and resume as soon as their copy is made, before the switch routes requests to them.
     * The old ones stay paused after the switch, since a request the router forwarded to them just before it could
     * otherwise still be written there, after the copy, and be lost; they no longer serve and are drained and stopped
     * later. When nothing is switched every instance resumes at once.
     */
    synchronized void cutover(List<LoopMove> moves, FinalCopy mode, DeploymentLog log, Runnable doSwitch)
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
                String freeze = s.spec().freezePath();
                if (!p.copyAtCutover()) {
                    if (freeze != null) {
                        // Restored, nothing to copy: a warm standby an earlier cutover left paused must write again.
                        report(s, freezeHook.resume(freeze, ports(s.loop(), s.toSlot())), log);
                    }
                    continue;
                }
                FreezeHook.Frozen frozenNew = null;
                if (mode.paused && freeze != null) {
                    List<Integer> newPorts = ports(s.loop(), s.toSlot());
                    List<Integer> servingPorts = ports(s.loop(), s.fromSlot());
                    frozenNew = freezeHook.freeze(s.loop(), freeze, newPorts);
                    frozen.add(frozenNew);
                    frozen.add(freezeHook.freeze(s.loop(), freeze, servingPorts));
                    events.step(s.loop(), "freeze", s.loop() + ": writes paused on " + servingPorts.size()
                            + " instance(s) of slot " + s.fromSlot() + " and " + newPorts.size() + " of slot "
                            + s.toSlot() + " for the final copy", Map.of("loop", s.loop(), "ports", servingPorts,
                            "newPorts", newPorts));
                } else if (mode.paused) {
                    events.step(s.loop(), "sync", s.loop() + " declares no freeze hook: a write between the final"
                            + " copy and the switch is not carried over", Map.of("loop", s.loop()));
                }
                migration.syncChanges(s, mode.newSlotServed, events);
                if (frozenNew != null) {
                    // Copied: what they write from now on is theirs, and the switch must find them writing.
                    frozen.remove(frozenNew);
                    report(s, frozenNew.resume(), log);
                }
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

    /** The instances that now serve (or are about to) and did not confirm that they write again. */
    private static void report(StateMigration.Staged s, List<String> failed, DeploymentLog log) {
        if (!failed.isEmpty()) {
            log.info(EventTypes.STATE_MIGRATION, s.loop() + ": the instances of slot " + s.toSlot() + " did not"
                    + " confirm that their writes are resumed: " + failed, Map.of("step", "resume", "loop", s.loop(),
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
