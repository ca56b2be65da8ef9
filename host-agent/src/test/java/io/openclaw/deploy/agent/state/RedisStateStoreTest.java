package io.openclaw.deploy.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.release.StateSpec;
import io.openclaw.deploy.agent.testing.FreePorts;
import io.openclaw.deploy.agent.testing.RedisServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Redis state against a real redis-server: keys of any type with their TTL, from one slot's prefix to the other's. */
class RedisStateStoreTest {
    @TempDir
    Path tmp;

    private RedisServer redis;

    @BeforeEach
    void startRedis() throws Exception {
        assumeTrue(RedisServer.binary().isPresent(), RedisServer.MISSING);
        redis = RedisServer.start(tmp.resolve("redis"));
    }

    @AfterEach
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private StateSpec spec(String url) {
        return new StateSpec(null, new StateSpec.Redis(URI.create(url), "oc:mem:"), null, false, 5);
    }

    @Test
    void keysAreStagedUnderTheNewSlotsPrefixWithTheirTypesAndTtls() throws Exception {
        redis.command("SET", "oc:mem:blue:counter", "17");
        redis.command("HSET", "oc:mem:blue:user:1", "name", "ada");
        redis.command("SET", "oc:mem:blue:session", "s", "PX", "600000");
        redis.command("SET", "oc:mem:green:stale", "old");
        redis.command("SET", "oc:other:blue:counter", "not ours");
        StateMigration migration = new StateMigration(new AgentHome(tmp.resolve("home")), Clock.systemUTC());

        StateMigration.Staged staged = migration.stage("memory_manager", spec(redis.url()), "blue", "green",
                StateEvents.NONE);

        assertThat(redis.command("GET", "oc:mem:green:counter")).isEqualTo("17");
        assertThat(redis.command("HGET", "oc:mem:green:user:1", "name")).isEqualTo("ada");
        assertThat(Long.parseLong(redis.command("PTTL", "oc:mem:green:session").substring(1))).isPositive();
        assertThat(redis.command("EXISTS", "oc:mem:green:stale")).isEqualTo(":0");
        assertThat(redis.command("EXISTS", "oc:other:green:counter")).isEqualTo(":0");
        assertThat(staged.snapshots().get(0).entries()).extracting(SnapshotEntry::name)
                .containsExactlyInAnyOrder("counter", "user:1", "session");

        redis.command("INCR", "oc:mem:blue:counter");
        redis.command("DEL", "oc:mem:blue:user:1");
        migration.syncChanges(staged, false, StateEvents.NONE);

        assertThat(redis.command("GET", "oc:mem:green:counter")).isEqualTo("18");
        assertThat(redis.command("EXISTS", "oc:mem:green:user:1")).isEqualTo(":0");
        assertThat(redis.command("GET", "oc:mem:blue:counter")).isEqualTo("18");
    }

    @Test
    void anUnreachableRedisIsAClearErrorNamingTheServer() {
        int nobody = FreePorts.block(1);
        StateMigration migration = new StateMigration(new AgentHome(tmp.resolve("home")), Clock.systemUTC());

        assertThatThrownBy(() -> migration.stage("memory_manager", spec("redis://127.0.0.1:" + nobody), "blue",
                "green", StateEvents.NONE))
                .isInstanceOf(StateMigrationException.class)
                .hasMessageStartingWith("Redis at redis://127.0.0.1:" + nobody + " is unreachable")
                .hasMessageContaining("could not snapshot the keys oc:mem:blue:*");
    }

    @Test
    void thePasswordOfTheUrlNeverAppearsInMessages() {
        int nobody = FreePorts.block(1);
        StateMigration migration = new StateMigration(new AgentHome(tmp.resolve("home")), Clock.systemUTC());

        assertThatThrownBy(() -> migration.stage("memory_manager", spec("redis://:s3cret@127.0.0.1:" + nobody),
                "blue", "green", StateEvents.NONE))
                .isInstanceOf(StateMigrationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }
}
