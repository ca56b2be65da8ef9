package io.openclaw.deploy.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.testing.RunningAgent;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.RollbackRequest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State migration (docs/state-migration.md) for what {@link StateMigrationIT} leaves out, with a real agent and real
 * sample loops: a rolling update carries the state to the slot its new instances run in, and a rollback with
 * {@code restore_on_rollback: true} brings back the pre-deployment snapshot (keeping the discarded state as one); an
 * aborted canary under writer traffic leaves the serving slot exactly its own writes. A promoted one is
 * {@link CanaryPromotionStateIT}'s.
 */
class StateAcrossStrategiesIT {
    private static final String LOOP = StateReleases.LOOP;
    private static final Duration LONG = Duration.ofSeconds(180);

    @TempDir
    Path tmp;

    private RunningAgent agent;
    private CounterWriters writers;

    @AfterEach
    void tearDown() throws Exception {
        if (writers != null) {
            writers.stop();
        }
        if (agent != null) {
            agent.close();
        }
    }

    private Deployment deploy(Path zip, Map<String, Object> options) throws Exception {
        return agent.ops().deploy(new DeployRequest(agent.upload(zip), null, null, List.of(), options), null, "test");
    }

    private void post(int times) throws Exception {
        for (int i = 0; i < times; i++) {
            CounterWriters.post(agent.routerPort(), LOOP);
        }
    }

    private long counter() throws Exception {
        return CounterWriters.read(agent.routerPort(), LOOP);
    }

    private List<DeploymentEvent> stateEvents(String deploymentId) throws Exception {
        return agent.events(deploymentId).stream().filter(e -> e.type().equals(EventTypes.STATE_MIGRATION)).toList();
    }

    private List<String> stateSteps(String deploymentId) throws Exception {
        return stateEvents(deploymentId).stream().map(e -> String.valueOf(e.data().get("step"))).toList();
    }

    /** The counter as a snapshot holds it (its instances' count files), read from the agent's backups like an operator would. */
    private long counterIn(StateSnapshot snapshot) throws Exception {
        SnapshotStore store = new SnapshotStore(agent.home().backups().resolve("state"));
        long total = 0;
        for (SnapshotEntry e : snapshot.entries()) {
            try (InputStream in = store.open(e)) {
                total += Long.parseLong(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
            }
        }
        return total;
    }

    private StateSnapshot snapshot(String id) throws Exception {
        return new SnapshotStore(agent.home().backups().resolve("state")).load(LOOP, id);
    }

    private Path release(String version, String strategy, String state) throws Exception {
        return StateReleases.release(tmp.resolve("zips"), version, strategy, state);
    }

    @Test
    void aRollingUpdateCarriesTheStateAndARollbackWithRestoreBringsBackThePreDeploymentSnapshot() throws Exception {
        String state = "{dir: memory_manager, freeze: {http: /state/freeze}, restore_on_rollback: true}";
        Map<String, Object> rolling = Map.of("rolling_update", Map.of("stabilization_seconds", 1));
        agent = new RunningAgent(tmp.resolve("home"), TestConfigs.quick(Duration.ofSeconds(60)));
        assertThat(agent.deployAndWait(release("1.0.0", "rolling", state)).state())
                .isEqualTo(DeploymentState.SUCCEEDED);
        post(5);

        // A rolling update starts its new instances in the other slot, on that slot's data directory.
        Deployment v2 = agent.awaitEnd(deploy(release("2.0.0", "rolling", state), rolling));
        assertThat(v2.state()).as(v2.reason()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(agent.ops().status().activeSlot()).isEqualTo("green");
        assertThat(counter()).as("the rolled-out instances continue from the state v1 left").isEqualTo(5);
        assertThat(stateSteps(v2.id())).containsSubsequence("snapshot", "validated", "staged", "snapshot", "sync")
                .doesNotContain("freeze");
        post(4);

        Deployment back = agent.awaitEnd(agent.ops().rollback(new RollbackRequest(null, "damaged state"), "test"));

        assertThat(back.state()).as(back.reason()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(agent.ops().status().activeSlot()).isEqualTo("blue");
        assertThat(counter()).as("restore_on_rollback: the state blue had when it last served").isEqualTo(5);
        assertThat(stateSteps(back.id())).contains("restored").doesNotContain("staged", "freeze", "sync");
        StateSnapshot discarded = stateEvents(back.id()).stream()
                .filter(e -> "rollback".equals(e.data().get("reason")))
                .map(e -> snapshotQuietly(String.valueOf(e.data().get("snapshot"))))
                .findFirst().orElseThrow();
        assertThat(discarded.sourceSlot()).isEqualTo("green");
        assertThat(counterIn(discarded)).as("what v2 wrote is kept as a rollback snapshot").isEqualTo(9);
    }

    private StateSnapshot snapshotQuietly(String id) {
        try {
            return snapshot(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anAbortedCanaryLeavesTheServingSlotExactlyItsOwnWrites() throws Exception {
        String state = "{dir: memory_manager, freeze: {http: /state/freeze}}";
        agent = new RunningAgent(tmp.resolve("home"), TestConfigs.quick(Duration.ofSeconds(60)));
        assertThat(agent.deployAndWait(release("1.0.0", "blue-green", state)).state())
                .isEqualTo(DeploymentState.SUCCEEDED);
        writers = CounterWriters.start(agent.routerPort(), LOOP, 2);
        writers.awaitMore("blue", 20);

        // Rolled back: blue never stopped serving, so its counter holds exactly its own acknowledged writes.
        Deployment aborted = deploy(release("2.0.0", "canary", state), StateReleases.canaryAtHalf());
        writers.awaitMore("green", 10);
        agent.ops().controlDeployment(aborted.id(), "abort", "test", "state test");
        aborted = agent.awaitEnd(aborted);
        writers.awaitMore("blue", 10);
        writers.stop();
        List<Long> blue = List.copyOf(writers.acknowledgedBy("blue"));

        assertThat(aborted.state()).as(aborted.reason()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(stateSteps(aborted.id())).containsSubsequence("snapshot", "validated", "staged")
                .doesNotContain("sync");
        assertThat(new HashSet<>(blue)).as("blue acknowledged each value once").hasSize(blue.size());
        assertThat(max(blue) - blue.size()).as("the aborted canary's writes are not in blue's state")
                .isBetween(0L, writers.unanswered.get());
        assertThat(counter() - blue.size()).isBetween(0L, writers.unanswered.get());
    }

    private static long max(Collection<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
