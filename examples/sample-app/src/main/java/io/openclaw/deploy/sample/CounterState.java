package io.openclaw.deploy.sample;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The sample loop's state, for the agent's state migration (docs/state-migration.md): a counter file in
 * {@code OPENCLAW_STATE_DIR} (or {@code OPENCLAW_DATA_DIR/<loop>/}) and, when {@code OPENCLAW_STATE_REDIS_URL} is set,
 * a counter key under {@code OPENCLAW_STATE_REDIS_PREFIX}. A write is acknowledged only once it is on disk (and in
 * Redis). The file is read on every write, not cached, so state the agent stages while the loop runs is what it
 * continues from. While frozen ({@code POST /state/freeze}) writes are refused with 503 until
 * {@code DELETE /state/freeze}; the freeze answers only after the write in progress, if any, is done.
 */
final class CounterState {
    static final String FILE = "counter";
    static final String KEY = "counter";

    private final Path dir;
    private final RespClient redis;
    private final String keyPrefix;
    private boolean frozen;

    CounterState(Path dir, RespClient redis, String keyPrefix) {
        this.dir = dir;
        this.redis = redis;
        this.keyPrefix = keyPrefix;
    }

    /** @return null when the environment names no data directory (a loop run by hand) */
    static CounterState from(Map<String, String> env, String loop) {
        String stateDir = env.get("OPENCLAW_STATE_DIR");
        String dataDir = env.get("OPENCLAW_DATA_DIR");
        if (stateDir == null && dataDir == null) {
            return null;
        }
        Path dir = stateDir != null ? Path.of(stateDir) : Path.of(dataDir, loop);
        String url = env.get("OPENCLAW_STATE_REDIS_URL");
        RespClient redis = url == null || url.isBlank() ? null : RespClient.of(url);
        return new CounterState(dir, redis, env.getOrDefault("OPENCLAW_STATE_REDIS_PREFIX", loop + ":"));
    }

    /** What a write answered. */
    record Written(long file, Long redis) {}

    /** @throws IllegalStateException when frozen */
    synchronized Written increment() throws IOException {
        if (frozen) {
            throw new IllegalStateException("frozen");
        }
        Long inRedis = redis == null ? null : redis.incr(keyPrefix + KEY);
        long next = read() + 1;
        Files.createDirectories(dir);
        // The temporary file is beside the state directory, so the agent's snapshot never sees a half-written one.
        Path temp = dir.resolveSibling("." + dir.getFileName() + "." + FILE + ".tmp");
        Files.writeString(temp, Long.toString(next), StandardCharsets.US_ASCII);
        try (var channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
        }
        return new Written(next, inRedis);
    }

    synchronized long read() throws IOException {
        try {
            return Long.parseLong(Files.readString(dir.resolve(FILE), StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** Taking the lock is the point: it waits for the write in progress. */
    synchronized void freeze() {
        frozen = true;
    }

    synchronized void resume() {
        frozen = false;
    }
}
