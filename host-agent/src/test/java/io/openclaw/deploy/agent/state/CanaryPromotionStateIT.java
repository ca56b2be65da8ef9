package io.openclaw.deploy.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openclaw.deploy.agent.testing.RedisServer;
import io.openclaw.deploy.agent.testing.RunningAgent;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary promoted while clients write through the router to both of its versions, each into its own slot's copy of
 * the state (docs/state-migration.md): a real agent, real sample loops and, for the Redis store, a real redis-server.
 * Afterwards every write either side acknowledged, the serving (stable) one or the canary, is in the promoted state
 * exactly once. The sample counter keeps one count per instance, so the two sides never change the same item and
 * nothing of either is a conflict: what is checked is that the final copy misses no write of the serving side,
 * including one acknowledged while the copy is made or just before the switch.
 */
class CanaryPromotionStateIT {
    private static final String LOOP = StateReleases.LOOP;
    private static final String PREFIX = "oc:mem:";

    @TempDir
    Path tmp;

    private RunningAgent agent;
    private CounterWriters writers;
    private RedisServer redis;

    @AfterEach
    void tearDown() throws Exception {
        if (writers != null) {
            writers.stop();
        }
        if (agent != null) {
            agent.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private Path release(String version, String strategy, String state) throws Exception {
        return StateReleases.release(tmp.resolve("zips"), version, strategy, state);
    }

    @Test
    void everyWriteEitherSideAcknowledgedIsInTheFilesOnceAfterThePromotion() throws Exception {
        Deployment promoted = promoteUnderWrites("{dir: memory_manager, freeze: {http: /state/freeze}}");
        writers.stop();

        assertThat(promoted.state()).as(promoted.reason()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(agent.ops().status().activeSlot()).isEqualTo("green");
        assertEachSideCountedOnce(writers.acknowledged, CounterWriters.read(agent.routerPort(), LOOP));
        assertPromotedAsAnAtomicCutover(promoted);
    }

    @Test
    void everyWriteEitherSideAcknowledgedIsInRedisOnceAfterThePromotion() throws Exception {
        assumeTrue(RedisServer.binary().isPresent(), RedisServer.MISSING);
        redis = RedisServer.start(tmp.resolve("redis"));
        Deployment promoted = promoteUnderWrites("{dir: memory_manager, redis: {url: \"" + redis.url()
                + "\", key_prefix: \"" + PREFIX + "\"}, freeze: {http: /state/freeze}}");
        writers.stop();

        assertThat(promoted.state()).as(promoted.reason()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(agent.ops().status().activeSlot()).isEqualTo("green");
        assertEachSideCountedOnce(writers.acknowledgedInRedis, CounterWriters.total(redis, PREFIX + "green:"));
        assertEachSideCountedOnce(writers.acknowledged, CounterWriters.read(agent.routerPort(), LOOP));
        assertPromotedAsAnAtomicCutover(promoted);
    }

    /**
     * The canary leaves the rotation, both slots are frozen, each store's final copy compares both slots (two
     * {@code cutover} snapshots), and no item is a conflict.
     */
    private void assertPromotedAsAnAtomicCutover(Deployment promoted) throws Exception {
        List<DeploymentEvent> events = agent.events(promoted.id()).stream()
                .filter(e -> e.type().equals(EventTypes.STATE_MIGRATION)).toList();
        assertThat(events).extracting(e -> String.valueOf(e.data().get("step")))
                .containsSubsequence("snapshot", "validated", "staged", "hold", "freeze", "snapshot", "snapshot",
                        "sync");
        assertThat(events).filteredOn(e -> "sync".equals(e.data().get("step")))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.data().get("conflicts")).isEqualTo(List.of()));
    }

    /**
     * v1 serves from blue and takes writes; v2 is released as a canary at 50 % and both sides acknowledge writes;
     * then it is promoted and the promoted side takes more.
     */
    private Deployment promoteUnderWrites(String state) throws Exception {
        agent = new RunningAgent(tmp.resolve("home"), TestConfigs.quick(Duration.ofSeconds(60)));
        assertThat(agent.deployAndWait(release("1.0.0", "blue-green", state)).state())
                .isEqualTo(DeploymentState.SUCCEEDED);
        writers = CounterWriters.start(agent.routerPort(), LOOP, 3);
        writers.awaitMore("blue", 30);

        Deployment canary = agent.ops().deploy(new DeployRequest(agent.upload(release("2.0.0", "canary", state)),
                null, null, List.of(), StateReleases.canaryAtHalf()), null, "test");
        writers.awaitMore("green", 30);
        writers.awaitMore("blue", 30);
        agent.ops().controlDeployment(canary.id(), "promote", "test", null);
        Deployment promoted = agent.awaitEnd(canary);
        writers.awaitMore("green", 30);
        return promoted;
    }

    /**
     * The sample counter is the sum of its instances' counts, so the promoted state holds every acknowledged write
     * once when it counts each of them, and no more than the writes that ended without an answer (applied or not).
     * Each side hands out its own numbers from its own copy, so a value may have been answered once by each side.
     */
    private void assertEachSideCountedOnce(Queue<Long> acknowledged, long finalValue) {
        assertThat(writers.acknowledgedBy("green")).as("the canary acknowledged writes").isNotEmpty();
        for (String slot : List.of("blue", "green")) {
            List<Long> values = List.copyOf(writers.acknowledgedBy(slot));
            assertThat(new HashSet<>(values)).as(slot + " acknowledged each value once").hasSize(values.size());
        }
        assertThat(finalValue).as("the promoted counter holds every write either side acknowledged ("
                        + writers.acknowledgedBy("blue").size() + " by blue, " + writers.acknowledgedBy("green").size()
                        + " by green, " + writers.refused.get() + " refused, " + writers.unanswered.get()
                        + " unanswered)")
                .isGreaterThanOrEqualTo(acknowledged.size());
        assertThat(finalValue - acknowledged.size()).as("counted more than once")
                .isLessThanOrEqualTo(writers.unanswered.get());
    }

}
