package io.openclaw.deploy.agent.state;

/**
 * One item of a snapshot: a file (its path relative to the state directory, '/'-separated) or a Redis key (its name
 * after the slot's prefix), with the SHA-256 of its content, which is also the name of its blob.
 *
 * @param ttlMillis a Redis key's remaining time to live; 0 for none (and for files)
 */
public record SnapshotEntry(String name, String sha256, long size, long ttlMillis) {
    public SnapshotEntry {
        if (name == null || name.isEmpty() || sha256 == null || sha256.length() != 64 || size < 0 || ttlMillis < 0) {
            throw new IllegalArgumentException("bad snapshot entry " + name + " " + sha256 + " " + size);
        }
    }
}
