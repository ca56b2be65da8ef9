package io.openclaw.deploy.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.cli.demo.Traffic;
import io.openclaw.deploy.agent.testing.RunningAgent;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.agent.testing.TestReleases;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.InstanceStatus;
import io.openclaw.deploy.protocol.LoopStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rolling updates through a real agent: four real replicas replaced two at a time under real traffic. */
class RollingReleaseIT {
    private static final String LOOP = "gmail_processor";

    @TempDir
    Path tmp;

    private RunningAgent agent;
    private Traffic traffic;

    @AfterEach
    void tearDown() throws Exception {
        if (traffic != null) {
            traffic.stop();
        }
        if (agent != null) {
            agent.close();
        }
    }

    private Path release(String version, Map<String, String> env) throws Exception {
        return TestReleases.build(Files.createDirectories(tmp.resolve("zips")), version, List.of(LOOP), env,
                Map.of(LOOP, 4));
    }

    private void startWithV1(Duration startTimeout) throws Exception {
        agent = new RunningAgent(tmp.resolve("home"), TestConfigs.quick(Duration.ofSeconds(60), startTimeout));
        assertThat(agent.deployAndWait(release("1.0.0", Map.of())).state()).isEqualTo(DeploymentState.SUCCEEDED);
        traffic = Traffic.start(agent.routerPort(), List.of(LOOP), 3);
        assertThat(traffic.awaitMoreAnswers(50, Duration.ofSeconds(30))).isTrue();
    }

    private Deployment rolling(Path zip, int stabilizationSeconds) throws Exception {
        return agent.ops().deploy(new DeployRequest(agent.upload(zip), null, "rolling", List.of(),
                Map.of("rolling_update", Map.of("batch_size", 2, "stabilization_seconds", stabilizationSeconds))),
                null, "tester");
    }

    private List<InstanceStatus> serving() {
        return agent.ops().status().loops().stream()
                .filter(l -> l.name().equals(LOOP))
                .flatMap(l -> l.instances().stream())
                .filter(i -> i.weight() > 0)
                .toList();
    }

    @Test
    void batchesReplaceEveryInstanceWithoutAFailedRequest() throws Exception {
        startWithV1(Duration.ofSeconds(20));

        Deployment v2 = agent.awaitEnd(rolling(release("2.0.0", Map.of()), 1));
        long end = System.nanoTime();
        assertThat(traffic.awaitMoreAnswers(100, Duration.ofSeconds(20))).isTrue();

        assertThat(v2.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(traffic.failures()).isEmpty();
        assertThat(traffic.versionsSentAfter(end)).containsOnly("2.0.0");
        assertThat(agent.ops().status().loops()).flatExtracting(LoopStatus::instances)
                .extracting(InstanceStatus::version)
                .containsOnly("2.0.0")
                .hasSize(4);
        assertThat(serving()).extracting(InstanceStatus::weight).containsOnly(25);
        assertThat(agent.events(v2.id())).filteredOn(e -> e.type().equals(EventTypes.WEIGHTS_CHANGED))
                .extracting(e -> e.data().get("updated"))
                .containsExactly(2, 4);
    }

    @Test
    void failingBatchLeavesTheOldVersionServing() throws Exception {
        startWithV1(Duration.ofSeconds(4));

        Deployment bad = agent.awaitEnd(rolling(release("2.0.0", Map.of("SAMPLE_FAIL_HEALTH", "true")), 1));
        assertThat(traffic.awaitMoreAnswers(100, Duration.ofSeconds(20))).isTrue();

        assertThat(bad.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(bad.reason()).contains("batch 1 health check failed").contains("back on 1.0.0");
        assertThat(traffic.failures()).isEmpty();
        assertThat(traffic.versionsSentAfter(0)).containsOnly("1.0.0");
        assertThat(serving()).extracting(InstanceStatus::version).containsOnly("1.0.0").hasSize(4);
    }

    @Test
    void abortAfterABatchBringsBackTheStoppedOldInstances() throws Exception {
        startWithV1(Duration.ofSeconds(20));

        Deployment v2 = rolling(release("2.0.0", Map.of()), 30);
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(20))
                .until(() -> serving().stream().filter(i -> i.version().equals("2.0.0")).count() == 2
                        && serving().size() == 4);
        agent.ops().controlDeployment(v2.id(), "abort", "bob", null);
        Deployment aborted = agent.awaitEnd(v2);
        long end = System.nanoTime();
        assertThat(traffic.awaitMoreAnswers(100, Duration.ofSeconds(20))).isTrue();

        assertThat(aborted.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(aborted.reason()).contains("aborted by bob");
        assertThat(traffic.failures()).isEmpty();
        assertThat(traffic.versionsSentAfter(0)).contains("2.0.0");
        assertThat(traffic.versionsSentAfter(end)).containsOnly("1.0.0");
        assertThat(serving()).extracting(InstanceStatus::version).containsOnly("1.0.0").hasSize(4);
        assertThat(agent.events(aborted.id())).extracting(DeploymentEvent::message)
                .anySatisfy(m -> assertThat(m).startsWith("restarted " + LOOP + "-blue-"));
    }
}
