package io.openclaw.deploy.agent.state;

import java.util.List;

/**
 * Where a loop keeps one kind of state, per slot: its files ({@link FileStateStore}) or its Redis keys
 * ({@link RedisStateStore}). Content travels through the {@link SnapshotStore}'s blobs, never through memory whole.
 */
public interface StateStore {
    /** {@code dir} or {@code redis}, as in the manifest. */
    String kind();

    /** Where the slot's state is, for messages (a directory, a Redis URL and prefix). */
    String where(String slot);

    /** Copies the slot's current state into blobs and lists it. */
    List<SnapshotEntry> capture(String slot, SnapshotStore blobs) throws StateMigrationException;

    /** Makes the slot's state exactly {@code entries} (whatever was there goes). */
    void replace(String slot, List<SnapshotEntry> entries, SnapshotStore blobs) throws StateMigrationException;

    /** Applies the changes only: writes {@code diff.changed()}, deletes {@code diff.removed()}. */
    void apply(String slot, SnapshotDiff diff, SnapshotStore blobs) throws StateMigrationException;
}
