package io.openclaw.deploy.agent.state;

import io.openclaw.deploy.agent.release.StateSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.RestoreParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A loop's Redis keys, one prefix per slot ({@code <key_prefix><slot>:}). A key travels as its {@code DUMP} payload
 * (type, value and encoding, checked by Redis' own CRC on {@code RESTORE}) with its remaining time to live, so any
 * type is carried without the agent knowing it. Keys are listed with {@code SCAN}, never {@code KEYS}, so a large
 * keyspace does not block the server that serves the loops.
 */
public final class RedisStateStore implements StateStore {
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int SOCKET_TIMEOUT_MS = 10_000;
    private static final int SCAN_COUNT = 500;

    private final StateSpec.Redis redis;

    public RedisStateStore(StateSpec.Redis redis) {
        this.redis = redis;
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public String where(String slot) {
        return redacted() + " keys " + redis.slotPrefix(slot) + "*";
    }

    @Override
    public List<SnapshotEntry> capture(String slot, SnapshotStore blobs) throws StateMigrationException {
        String prefix = redis.slotPrefix(slot);
        try (Jedis jedis = connect()) {
            List<SnapshotEntry> entries = new ArrayList<>();
            for (byte[] key : keys(jedis, prefix)) {
                byte[] dump = jedis.dump(key);
                long ttl = jedis.pttl(key);
                if (dump == null || ttl == -2) {
                    continue; // expired or deleted since the scan
                }
                String name = new String(key, StandardCharsets.UTF_8).substring(prefix.length());
                try (InputStream in = new ByteArrayInputStream(dump)) {
                    entries.add(blobs.put(name, in, Math.max(ttl, 0)));
                }
            }
            return entries;
        } catch (JedisException e) {
            throw failure("snapshot", slot, e);
        } catch (IOException e) {
            throw new StateMigrationException("could not store the snapshot of " + where(slot) + ": " + e, e);
        }
    }

    @Override
    public void replace(String slot, List<SnapshotEntry> entries, SnapshotStore blobs) throws StateMigrationException {
        String prefix = redis.slotPrefix(slot);
        try (Jedis jedis = connect()) {
            List<byte[]> existing = keys(jedis, prefix);
            if (!existing.isEmpty()) {
                jedis.del(existing.toArray(byte[][]::new));
            }
            for (SnapshotEntry e : entries) {
                restore(jedis, prefix, e, blobs);
            }
        } catch (JedisException e) {
            throw failure("stage the state into", slot, e);
        } catch (IOException e) {
            throw new StateMigrationException("could not read the snapshot for " + where(slot) + ": " + e, e);
        }
    }

    @Override
    public void apply(String slot, SnapshotDiff diff, SnapshotStore blobs) throws StateMigrationException {
        String prefix = redis.slotPrefix(slot);
        try (Jedis jedis = connect()) {
            for (SnapshotEntry e : diff.changed()) {
                restore(jedis, prefix, e, blobs);
            }
            if (!diff.removed().isEmpty()) {
                jedis.del(diff.removed().stream().map(n -> (prefix + n).getBytes(StandardCharsets.UTF_8))
                        .toArray(byte[][]::new));
            }
        } catch (JedisException e) {
            throw failure("copy the last changes into", slot, e);
        } catch (IOException e) {
            throw new StateMigrationException("could not read the snapshot for " + where(slot) + ": " + e, e);
        }
    }

    private static void restore(Jedis jedis, String prefix, SnapshotEntry e, SnapshotStore blobs) throws IOException {
        byte[] payload;
        try (InputStream in = blobs.open(e)) {
            payload = in.readAllBytes();
        }
        jedis.restore((prefix + e.name()).getBytes(StandardCharsets.UTF_8), e.ttlMillis(), payload,
                RestoreParams.restoreParams().replace());
    }

    private static List<byte[]> keys(Jedis jedis, String prefix) {
        ScanParams params = new ScanParams().match((prefix + "*").getBytes(StandardCharsets.UTF_8)).count(SCAN_COUNT);
        List<byte[]> keys = new ArrayList<>();
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        do {
            ScanResult<byte[]> page = jedis.scan(cursor, params);
            keys.addAll(page.getResult());
            cursor = page.getCursorAsBytes();
        } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
        // SCAN may return a key twice while the keyspace is rehashed.
        List<byte[]> unique = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (byte[] k : keys) {
            if (seen.add(HexFormat.of().formatHex(k))) {
                unique.add(k);
            }
        }
        return unique;
    }

    private Jedis connect() {
        URI url = redis.url();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MS)
                .socketTimeoutMillis(SOCKET_TIMEOUT_MS)
                .clientName("openclaw-agent-state");
        String path = url.getPath();
        if (path != null && path.length() > 1) {
            config.database(Integer.parseInt(path.substring(1)));
        }
        String userInfo = url.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                if (colon > 0) {
                    config.user(userInfo.substring(0, colon));
                }
                config.password(userInfo.substring(colon + 1));
            } else {
                config.password(userInfo);
            }
        }
        Jedis jedis = new Jedis(new HostAndPort(url.getHost(), url.getPort() < 0 ? 6379 : url.getPort()),
                config.build());
        jedis.ping(); // connects now, so an unreachable server is reported as such
        return jedis;
    }

    /** The URL in messages never carries the password. */
    private String redacted() {
        URI u = redis.url();
        return "redis://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    private StateMigrationException failure(String what, String slot, JedisException e) {
        String at = redacted();
        String cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
        if (e instanceof JedisConnectionException) {
            return new StateMigrationException("Redis at " + at + " is unreachable (" + cause + "): could not " + what
                    + " the keys " + redis.slotPrefix(slot) + "*", e);
        }
        return new StateMigrationException("Redis at " + at + " refused to " + what + " the keys "
                + redis.slotPrefix(slot) + "*: " + cause, e);
    }
}
