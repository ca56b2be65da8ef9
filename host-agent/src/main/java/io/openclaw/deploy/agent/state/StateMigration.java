package io.openclaw.deploy.agent.state;

import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.release.StateSpec;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The steps of spec 3.3 for one loop, each reported as it happens: snapshot the serving slot's state, validate the
 * snapshot as read back from disk, stage it into the new slot ({@link #stage}); copy what changed since then just
 * before the switch ({@link #syncChanges}); or, for a rollback that asks for it, put back the state the slot being
 * returned to had when it stopped serving ({@link #restoreLeft}). A failed step throws before anything is staged or
 * applied where it could, and the caller keeps the serving slot serving.
 */
public final class StateMigration {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final AgentHome home;
    private final SnapshotStore snapshots;
    private final Clock clock;
    private final AtomicInteger sequence = new AtomicInteger();

    public StateMigration(AgentHome home, Clock clock) {
        this.home = home;
        this.snapshots = new SnapshotStore(home.backups().resolve("state"));
        this.clock = clock;
    }

    public SnapshotStore snapshots() {
        return snapshots;
    }

    /** What a stage step did: the snapshot staged per store, the base of the final copy. */
    public record Staged(String loop, StateSpec spec, String fromSlot, String toSlot, List<StateSnapshot> snapshots) {
        public Staged {
            snapshots = List.copyOf(snapshots);
        }
    }

    /** The stores a loop declares, in a fixed order (files, then Redis). */
    public List<StateStore> stores(StateSpec spec) {
        List<StateStore> stores = new ArrayList<>();
        if (spec.dir() != null) {
            stores.add(new FileStateStore(home::slotData, spec.dir()));
        }
        if (spec.redis() != null) {
            stores.add(new RedisStateStore(spec.redis()));
        }
        return stores;
    }

    /** Snapshot of {@code fromSlot}, validated, then staged into {@code toSlot} (whatever it held is replaced). */
    public Staged stage(String loop, StateSpec spec, String fromSlot, String toSlot, StateEvents events)
            throws StateMigrationException {
        List<StateSnapshot> taken = new ArrayList<>();
        for (StateStore store : stores(spec)) {
            StateSnapshot snapshot = snapshot(loop, store, fromSlot, StateSnapshot.PRE_DEPLOYMENT, events);
            StateSnapshot valid = validated(snapshot, events);
            store.replace(toSlot, valid.entries(), snapshots);
            events.step(loop, "staged", "staged " + describe(valid) + " into " + store.where(toSlot),
                    data(valid, Map.of("slot", toSlot)));
            taken.add(valid);
        }
        prune(loop, spec, events);
        return new Staged(loop, spec, fromSlot, toSlot, taken);
    }

    /**
     * The final copy: what changed in {@code fromSlot} since {@code staged} is written to {@code toSlot} (entries
     * changed or added, entries deleted); the rest of {@code toSlot} is left as it is. Only the changed blobs are
     * validated, because this runs while the loop's writes may be paused.
     *
     * <p>When the new slot has served traffic (a canary, a gradual cutover, a rolling update) it holds writes of its
     * own, which the copy keeps, except where both slots changed the same item since the snapshot: the serving
     * slot's version is written (every write it acknowledged is kept, as when the new version is rolled back), and
     * the new slot's version is first kept in a {@code cutover} snapshot of that slot, named with the items in the
     * {@code sync} event, so that it is not lost for good.
     *
     * @param newSlotServed compare with the new slot's own changes (it costs a snapshot of that slot)
     */
    public void syncChanges(Staged staged, boolean newSlotServed, StateEvents events) throws StateMigrationException {
        List<StateStore> stores = stores(staged.spec());
        for (int i = 0; i < stores.size(); i++) {
            StateStore store = stores.get(i);
            StateSnapshot before = staged.snapshots().get(i);
            StateSnapshot now = snapshot(staged.loop(), store, staged.fromSlot(), StateSnapshot.CUTOVER, events);
            SnapshotDiff diff = SnapshotDiff.between(before, now);
            snapshots.validate(new StateSnapshot(now.id(), now.loop(), now.store(), now.sourceSlot(), now.reason(),
                    now.createdAt(), diff.changed()));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("loop", staged.loop());
            data.put("store", store.kind());
            data.put("snapshot", now.id());
            data.put("changed", diff.changed().size());
            data.put("removed", diff.removed().size());
            String conflicts = "";
            if (newSlotServed) {
                StateSnapshot own = snapshot(staged.loop(), store, staged.toSlot(), StateSnapshot.CUTOVER, events);
                List<String> both = diff.conflicts(SnapshotDiff.between(before, own), now, own);
                data.put("conflicts", both);
                if (!both.isEmpty()) {
                    data.put("replacedSnapshot", own.id());
                    conflicts = "; " + both.size() + " item(s) changed in both slots since the snapshot, "
                            + staged.fromSlot() + "'s version kept, " + staged.toSlot() + "'s kept in snapshot "
                            + own.id() + ": " + both;
                }
            }
            store.apply(staged.toSlot(), diff, snapshots);
            events.step(staged.loop(), "sync", "copied the last changes of " + store.kind() + " state to "
                    + store.where(staged.toSlot()) + ": " + diff.changed().size() + " changed, "
                    + diff.removed().size() + " removed" + conflicts, data);
        }
    }

    /**
     * {@code state.restore_on_rollback}: {@code toSlot} gets back the state it had when it last served (its newest
     * snapshot), discarding what the release being rolled back wrote. A snapshot of what is being discarded is kept
     * first, so that nothing is lost for good.
     */
    public Staged restoreLeft(String loop, StateSpec spec, String fromSlot, String toSlot, StateEvents events)
            throws StateMigrationException {
        List<StateSnapshot> restored = new ArrayList<>();
        for (StateStore store : stores(spec)) {
            StateSnapshot left;
            try {
                left = snapshots.latest(loop, s -> s.store().equals(store.kind()) && s.sourceSlot().equals(toSlot))
                        .orElseThrow(() -> new StateMigrationException("there is no " + store.kind()
                                + " state snapshot of loop " + loop + " from slot " + toSlot + " to restore"));
            } catch (IOException e) {
                throw new StateMigrationException("could not list the state snapshots of loop " + loop + ": " + e, e);
            }
            events.step(loop, "snapshot", "keeping the state being discarded as a snapshot first", Map.of("loop", loop));
            snapshot(loop, store, fromSlot, StateSnapshot.ROLLBACK, events);
            snapshots.validate(left);
            store.replace(toSlot, left.entries(), snapshots);
            events.step(loop, "restored", "restored " + describe(left) + " (snapshot " + left.id() + ") into "
                    + store.where(toSlot), data(left, Map.of("slot", toSlot)));
            restored.add(left);
        }
        prune(loop, spec, events);
        return new Staged(loop, spec, fromSlot, toSlot, restored);
    }

    private StateSnapshot snapshot(String loop, StateStore store, String slot, String reason, StateEvents events)
            throws StateMigrationException {
        Instant now = clock.instant();
        String id = ID_TIME.format(now) + "-" + String.format("%04d", sequence.incrementAndGet() % 10_000) + "-"
                + store.kind();
        List<SnapshotEntry> entries = store.capture(slot, snapshots);
        StateSnapshot snapshot = new StateSnapshot(id, loop, store.kind(), slot, reason, now.toString(), entries);
        try {
            snapshots.save(snapshot);
        } catch (IOException e) {
            throw new StateMigrationException("could not write the state snapshot " + id + " of loop " + loop
                    + " under " + snapshots.root() + ": " + e, e);
        }
        events.step(loop, "snapshot", "snapshot " + id + " of " + store.where(slot) + ": " + describe(snapshot),
                data(snapshot, Map.of("slot", slot, "reason", reason)));
        return snapshot;
    }

    /** As read back from disk: the manifest's checksum, then every blob's. */
    private StateSnapshot validated(StateSnapshot written, StateEvents events) throws StateMigrationException {
        StateSnapshot read = snapshots.load(written.loop(), written.id());
        snapshots.validate(read);
        events.step(read.loop(), "validated", "snapshot " + read.id() + " validated: " + read.entries().size()
                + " checksum(s) match", data(read, Map.of()));
        return read;
    }

    private void prune(String loop, StateSpec spec, StateEvents events) {
        try {
            List<String> deleted = snapshots.prune(loop, spec.keep());
            if (!deleted.isEmpty()) {
                events.step(loop, "pruned", "removed " + deleted.size() + " old state snapshot(s), keeping "
                        + spec.keep(), Map.of("loop", loop, "snapshots", deleted));
            }
        } catch (IOException e) {
            // Retention is housekeeping: a failure costs disk space, not the deployment.
            events.step(loop, "pruned", "could not remove old state snapshots: " + e, Map.of("loop", loop));
        }
    }

    private static String describe(StateSnapshot s) {
        return s.entries().size() + " " + (s.store().equals("dir") ? "file(s)" : "key(s)") + ", " + s.bytes()
                + " bytes";
    }

    private static Map<String, Object> data(StateSnapshot s, Map<String, Object> more) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("loop", s.loop());
        data.put("store", s.store());
        data.put("snapshot", s.id());
        data.put("entries", s.entries().size());
        data.put("bytes", s.bytes());
        data.putAll(more);
        return data;
    }
}
