package io.openclaw.deploy.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openclaw.deploy.agent.testing.RedisServer;
import io.openclaw.deploy.agent.testing.RunningAgent;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.InstanceStatus;
import io.openclaw.deploy.protocol.LoopStatus;
import io.openclaw.deploy.protocol.RollbackRequest;
import io.openclaw.deploy.sample.Traffic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State migration (spec 3.3) through a real agent, real sample loops writing a counter under traffic, and a real
 * redis-server: no acknowledged write lost or duplicated across a blue-green deployment and a rollback; a corrupt
 * snapshot and an unreachable Redis fail the deployment with the serving slot untouched.
 */
class StateMigrationIT {
    private static final String LOOP = StateReleases.LOOP;
    private static final String PREFIX = "oc:mem:";

    @TempDir
    Path tmp;

    private RunningAgent agent;
    private CounterWriters writers;
    private RedisServer redis;
    private Traffic traffic;

    @AfterEach
    void tearDown() throws Exception {
        if (writers != null) {
            writers.stop();
        }
        if (traffic != null) {
            traffic.stop();
        }
        if (agent != null) {
            agent.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static final String FILE_STATE = "{dir: memory_manager, freeze: {http: /state/freeze}}";

    private String redisState() {
        return "{dir: memory_manager, redis: {url: \"" + redis.url() + "\", key_prefix: \"" + PREFIX + "\"},"
                + " freeze: {http: /state/freeze}}";
    }

    private void awaitMoreWrites(int more) {
        int target = writers.acknowledged.size() + more;
        await().atMost(Duration.ofSeconds(120)).until(() -> writers.acknowledged.size() >= target);
    }

    /** Every acknowledged value is unique (no write lost and then counted again) and the final state holds them all. */
    private static void assertNothingLostOrDuplicated(Queue<Long> acknowledged, long finalValue, long unanswered) {
        List<Long> values = List.copyOf(acknowledged);
        assertThat(new HashSet<>(values)).as("acknowledged values are unique").hasSize(values.size());
        assertThat(finalValue).as("the final counter holds every acknowledged write")
                .isGreaterThanOrEqualTo(values.size())
                .isGreaterThanOrEqualTo(values.stream().mapToLong(Long::longValue).max().orElse(0));
        // Only a write that ended without an answer may have been applied without being acknowledged.
        assertThat(finalValue - values.size()).isLessThanOrEqualTo(unanswered);
    }

    private List<String> stateSteps(String deploymentId) throws Exception {
        return agent.events(deploymentId).stream()
                .filter(e -> e.type().equals(EventTypes.STATE_MIGRATION))
                .map(e -> String.valueOf(e.data().get("step")))
                .toList();
    }

    private Path release(String version, String state) throws Exception {
        return StateReleases.release(tmp.resolve("zips"), version, "blue-green", state);
    }

    @Test
    void noAcknowledgedWriteIsLostOrDuplicatedAcrossABlueGreenDeploymentAndARollback() throws Exception {
        agent = new RunningAgent(tmp.resolve("home"), TestConfigs.quick(Duration.ofSeconds(300)));
        assertThat(agent.deployAndWait(release("1.0.0", FILE_STATE)).state()).isEqualTo(DeploymentState.SUCCEEDED);
        writers = CounterWriters.start(agent.routerPort(), LOOP, 3);
        awaitMoreWrites(50);

        Deployment v2 = agent.deployAndWait(release("2.0.0", FILE_STATE));
        awaitMoreWrites(50);
        Deployment rollback = agent.awaitEnd(agent.ops().rollback(new RollbackRequest(null, "state test"), "test"));
        awaitMoreWrites(50);
        writers.stop();
        long finalValue = CounterWriters.read(agent.routerPort(), LOOP);

        assertThat(v2.state()).as(v2.reason()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(rollback.state()).as(rollback.reason()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(agent.ops().status().activeSlot()).isEqualTo("blue");
        assertNothingLostOrDuplicated(writers.acknowledged, finalValue, writers.unanswered.get());
        assertThat(stateSteps(v2.id())).containsSubsequence("snapshot", "validated", "staged", "freeze", "snapshot",
                "sync");
        assertThat(stateSteps(rollback.id())).containsSubsequence("snapshot", "validated", "staged", "freeze", "sync");
        assertThat(agent.home().backups().resolve("state/snapshots").resolve(LOOP)).isDirectory();
    }

    @Test
    void aCorruptSnapshotFailsTheDeploymentAndNothingIsSwitched() throws Exception {
        agent = new RunningAgent(tmp.resolve("home"), TestConfigs.quick(Duration.ofSeconds(60)));
        agent.deployAndWait(release("1.0.0", FILE_STATE));
        for (int i = 0; i < 5; i++) {
            CounterWriters.post(agent.routerPort(), LOOP);
        }
        // Bit rot under backups/: the stored blob of exactly the content the next snapshot will hold is damaged.
        byte[] counter = Files.readAllBytes(agent.home().slotData("blue").resolve(LOOP).resolve("counts")
                .resolve(LOOP + "-blue-0"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(counter));
        Path blob = agent.home().backups().resolve("state/blobs").resolve(sha.substring(0, 2)).resolve(sha);
        Files.createDirectories(blob.getParent());
        Files.writeString(blob, "66");

        Deployment v2 = agent.deployAndWait(release("2.0.0", FILE_STATE));

        assertThat(v2.state()).isIn(DeploymentState.FAILED, DeploymentState.ROLLED_BACK);
        assertThat(v2.reason()).contains("state migration of " + LOOP + " failed")
                .contains("is corrupt: dir entry 'counts/" + LOOP + "-blue-0'")
                .contains("nothing was switched, slot blue keeps serving");
        assertServing("1.0.0", "blue");
        assertThat(CounterWriters.read(agent.routerPort(), LOOP)).isEqualTo(5);
        assertThat(stateSteps(v2.id())).contains("snapshot").doesNotContain("validated", "staged");
    }

    @Test
    void redisKeysFollowTheSwitchAndAnUnreachableRedisFailsTheNextDeploymentWithNothingSwitched() throws Exception {
        assumeTrue(RedisServer.binary().isPresent(), RedisServer.MISSING);
        redis = RedisServer.start(tmp.resolve("redis"));
        agent = new RunningAgent(tmp.resolve("home"), TestConfigs.quick(Duration.ofSeconds(300)));
        agent.deployAndWait(release("1.0.0", redisState()));
        writers = CounterWriters.start(agent.routerPort(), LOOP, 2);
        awaitMoreWrites(40);

        Deployment v2 = agent.deployAndWait(release("2.0.0", redisState()));
        awaitMoreWrites(40);
        writers.stop();

        assertThat(v2.state()).as(v2.reason()).isEqualTo(DeploymentState.SUCCEEDED);
        assertServing("2.0.0", "green");
        long inRedis = CounterWriters.total(redis, PREFIX + "green:");
        assertNothingLostOrDuplicated(writers.acknowledgedInRedis, inRedis, writers.unanswered.get());
        assertThat(agent.events(v2.id())).filteredOn(e -> e.type().equals(EventTypes.STATE_MIGRATION))
                .extracting(DeploymentEvent::message)
                .anySatisfy(m -> assertThat(m).contains("staged").contains("key(s)"));

        redis.close();
        Deployment v3 = agent.deployAndWait(release("3.0.0", redisState()));

        assertThat(v3.state()).isIn(DeploymentState.FAILED, DeploymentState.ROLLED_BACK);
        assertThat(v3.reason()).contains("Redis at " + redis.url() + " is unreachable")
                .contains("nothing was switched, slot green keeps serving");
        assertServing("2.0.0", "green");
    }

    @Test
    void aGradualCutoverCopiesTheLastChangesWithTheNewSlotOutOfRotationAndBothSlotsFrozen() throws Exception {
        agent = new RunningAgent(tmp.resolve("home"), TestConfigs.quick(Duration.ofSeconds(60)));
        agent.deployAndWait(release("1.0.0", FILE_STATE));
        for (int i = 0; i < 7; i++) {
            CounterWriters.post(agent.routerPort(), LOOP);
        }
        // Reads only: the analysis of each step needs requests, and the counter must stay what blue wrote.
        traffic = Traffic.start(agent.routerPort(), List.of(LOOP), 2);
        Map<String, Object> options = Map.of(
                "canary", Map.of("check_interval_seconds", 1, "min_requests", 3),
                "blue_green", Map.of("cutover", Map.of("strategy", "gradual", "gradual_steps", List.of(50, 100),
                        "step_duration_seconds", 2)));

        Deployment v2 = agent.awaitEnd(agent.ops().deploy(new DeployRequest(
                agent.upload(release("2.0.0", FILE_STATE)), null, null, List.of(), options), null, "test"));
        traffic.stop();

        assertThat(v2.state()).as(v2.reason()).isEqualTo(DeploymentState.SUCCEEDED);
        assertServing("2.0.0", "green");
        assertThat(CounterWriters.read(agent.routerPort(), LOOP)).isEqualTo(7);
        // The last step to 100 % is an atomic cutover: the new slot leaves the rotation, both slots are frozen.
        assertThat(stateSteps(v2.id())).containsSubsequence("snapshot", "validated", "staged", "hold", "freeze",
                "snapshot", "snapshot", "sync");
    }

    private void assertServing(String version, String slot) throws Exception {
        AgentStatus status = agent.ops().status();
        assertThat(status.release()).isEqualTo(version);
        assertThat(status.activeSlot()).isEqualTo(slot);
        assertThat(status.loops()).flatExtracting(LoopStatus::instances)
                .filteredOn(i -> i.weight() > 0)
                .extracting(InstanceStatus::version, InstanceStatus::slot)
                .containsOnly(org.assertj.core.api.Assertions.tuple(version, slot));
    }
}
