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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sample loop's state, for the agent's state migration (docs/state-migration.md): a counter whose value is the
 * sum of one count per writing instance, files {@code counts/<instance>} in {@code OPENCLAW_STATE_DIR} (or
 * {@code OPENCLAW_DATA_DIR/<loop>/}) and, when {@code OPENCLAW_STATE_REDIS_URL} is set, keys
 * {@code <OPENCLAW_STATE_REDIS_PREFIX>counts:<instance>}. Each instance writes only its own item, so while a canary's
 * two versions both write, each in its slot's copy, the agent's final copy carries the serving side's increments
 * into the canary's copy without either side's being overwritten: a counter kept in one item would be changed by both
 * sides, and only one side's change could survive. A write is acknowledged only once it is on disk (and in Redis).
 * The files are read on every write, not cached, so state the agent stages while the loop runs is what it continues
 * from. While frozen ({@code POST /state/freeze}) writes are refused with 503 until {@code DELETE /state/freeze}; the
 * freeze answers only after the write in progress, if any, is done.
 */
final class CounterState {
    static final String COUNTS = "counts";
    /** The increment and the sum in one step; KEYS, not SCAN (which may name a key twice): the prefix has a few keys. */
    private static final String INCREMENT_AND_SUM = "redis.call('INCR', KEYS[1]) local total = 0"
            + " for _, k in ipairs(redis.call('KEYS', ARGV[1])) do total = total + tonumber(redis.call('GET', k)) end"
            + " return total";

    private final Path dir;
    private final RespClient redis;
    private final String keyPrefix;
    private final String writer;
    private boolean frozen;

    /** @param writer this instance's name: its own count is {@code counts/<writer>} */
    CounterState(Path dir, RespClient redis, String keyPrefix, String writer) {
        this.dir = dir;
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        this.writer = writer;
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
        return new CounterState(dir, redis, env.getOrDefault("OPENCLAW_STATE_REDIS_PREFIX", loop + ":"),
                env.getOrDefault("OPENCLAW_INSTANCE", loop));
    }

    /** What a write answered: the counter's value in the files, and in Redis (null without Redis). */
    record Written(long file, Long redis) {}

    /** @throws IllegalStateException when frozen */
    synchronized Written increment() throws IOException {
        if (frozen) {
            throw new IllegalStateException("frozen");
        }
        Long inRedis = redis == null ? null
                : redis.eval(INCREMENT_AND_SUM, keyPrefix + COUNTS + ":" + writer, keyPrefix + COUNTS + ":*");
        Path own = dir.resolve(COUNTS).resolve(writer);
        long next = count(own) + 1;
        Files.createDirectories(own.getParent());
        // The temporary file is beside the state directory, so the agent's snapshot never sees a half-written one.
        Path temp = dir.resolveSibling("." + dir.getFileName() + "." + writer + ".tmp");
        Files.writeString(temp, Long.toString(next), StandardCharsets.US_ASCII);
        try (var channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temp, own, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, own, StandardCopyOption.REPLACE_EXISTING);
        }
        return new Written(read(), inRedis);
    }

    /** The sum of every instance's count. */
    synchronized long read() throws IOException {
        List<Path> counts;
        try (Stream<Path> files = Files.list(dir.resolve(COUNTS))) {
            // A name starting with a dot is a temporary file of the agent's copy, not a count.
            counts = files.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (NoSuchFileException e) {
            return 0;
        }
        long total = 0;
        for (Path p : counts) {
            total += count(p);
        }
        return total;
    }

    private static long count(Path file) throws IOException {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
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
