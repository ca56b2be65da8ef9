package io.openclaw.deploy.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.testing.RunningAgent;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.agent.testing.TestReleases;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.InstanceStatus;
import io.openclaw.deploy.protocol.LoopStatus;
import io.openclaw.deploy.protocol.ProblemTypes;
import io.openclaw.deploy.protocol.RollbackRequest;
import io.openclaw.deploy.sample.Traffic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blue-green releases through a real agent: real loop processes, real HTTP through the router, real traffic. */
class BlueGreenReleaseIT {
    private static final List<String> LOOPS = List.of("core_orchestrator", "gmail_processor", "browser_agent");

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

    private void startAgent(Duration scaleDownDelay) throws Exception {
        agent = new RunningAgent(tmp.resolve("home"), TestConfigs.quick(scaleDownDelay));
    }

    private Path release(String version, Map<String, String> env) throws Exception {
        return TestReleases.build(Files.createDirectories(tmp.resolve("zips")), version, LOOPS, env,
                Map.of("gmail_processor", 2));
    }

    private void awaitAnswers(long more) {
        long target = traffic.answered() + more;
        await().atMost(Duration.ofSeconds(30)).until(() -> traffic.answered() >= target);
    }

    @Test
    void nextReleaseTakesOverUnderTrafficWithoutASingleFailedRequest() throws Exception {
        startAgent(Duration.ofSeconds(60));
        assertThat(agent.deployAndWait(release("1.0.0", Map.of())).state()).isEqualTo(DeploymentState.SUCCEEDED);
        traffic = Traffic.start(agent.routerPort(), LOOPS, 2);
        awaitAnswers(150);

        Deployment v2 = agent.deployAndWait(release("2.0.0", Map.of()));
        long afterSwitch = System.nanoTime();
        awaitAnswers(150);
        traffic.stop();

        assertThat(v2.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(v2.previousVersion()).isEqualTo("1.0.0");
        assertThat(traffic.failures()).isEmpty();
        assertThat(traffic.versionsSentAfter(afterSwitch)).isNotEmpty().containsOnly("2.0.0");
        AgentStatus status = agent.ops().status();
        assertThat(status.release()).isEqualTo("2.0.0");
        assertThat(status.activeSlot()).isEqualTo("green");
        assertThat(status.loops()).extracting(LoopStatus::name).containsExactlyElementsOf(LOOPS);
        LoopStatus gmail = status.loops().get(1);
        assertThat(gmail.instances())
                .filteredOn(i -> i.weight() > 0)
                .extracting(InstanceStatus::version, InstanceStatus::slot, InstanceStatus::weight)
                .containsExactly(tuple("2.0.0", "green", 50), tuple("2.0.0", "green", 50));
        assertThat(agent.events(v2.id()))
                .extracting(DeploymentEvent::state)
                .contains(DeploymentState.INSTALLING, DeploymentState.STARTING, DeploymentState.VERIFYING,
                        DeploymentState.SWITCHING, DeploymentState.SUCCEEDED);
    }

    @Test
    void unhealthyReleaseIsRolledBackWhileTheServingOneKeepsServing() throws Exception {
        agent = new RunningAgent(tmp.resolve("home"), TestConfigs.quick(Duration.ofSeconds(60), Duration.ofSeconds(4)));
        agent.deployAndWait(release("1.0.0", Map.of()));
        traffic = Traffic.start(agent.routerPort(), LOOPS, 2);
        awaitAnswers(100);

        Deployment bad = agent.deployAndWait(release("2.0.0", Map.of("SAMPLE_FAIL_HEALTH", "true")));
        awaitAnswers(100);
        traffic.stop();

        assertThat(bad.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(bad.reason()).contains("health check failed");
        assertThat(traffic.failures()).isEmpty();
        assertThat(traffic.versionsSentAfter(0)).containsOnly("1.0.0");
        AgentStatus status = agent.ops().status();
        assertThat(status.release()).isEqualTo("1.0.0");
        assertThat(status.loops()).flatExtracting(LoopStatus::instances)
                .extracting(InstanceStatus::version)
                .containsOnly("1.0.0");
    }

    @Test
    void rollbackWithinTheWindowIsARoutingSwitchToTheStillRunningRelease() throws Exception {
        startAgent(Duration.ofSeconds(120));
        agent.deployAndWait(release("1.0.0", Map.of()));
        Set<Long> v1Pids = pids("1.0.0");
        agent.deployAndWait(release("2.0.0", Map.of()));
        traffic = Traffic.start(agent.routerPort(), LOOPS, 2);
        awaitAnswers(100);

        Deployment rollback = agent.awaitEnd(agent.ops().rollback(new RollbackRequest(null, "bad smell"), "test"));
        long afterRollback = System.nanoTime();
        awaitAnswers(100);
        traffic.stop();

        assertThat(rollback.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(rollback.kind()).isEqualTo(Deployment.KIND_ROLLBACK);
        assertThat(traffic.failures()).isEmpty();
        assertThat(traffic.versionsSentAfter(afterRollback)).isNotEmpty().containsOnly("1.0.0");
        assertThat(agent.ops().status().release()).isEqualTo("1.0.0");
        assertThat(pids("1.0.0")).as("the same v1 processes serve again").isEqualTo(v1Pids);
        assertThat(agent.events(rollback.id()))
                .extracting(DeploymentEvent::type)
                .doesNotContain(EventTypes.INSTANCE_STARTED)
                .contains(EventTypes.TRAFFIC_SWITCHED);
    }

    @Test
    void aStandbyLeftAgainByALaterDeploymentGetsThatDeploymentsWholeWindow() throws Exception {
        Duration window = Duration.ofSeconds(6);
        startAgent(window);
        agent.deployAndWait(release("1.0.0", Map.of()));
        Set<Long> v1Pids = pids("1.0.0");
        Path v2 = release("2.0.0", Map.of());
        agent.deployAndWait(v2);
        long firstWindowEnds = System.nanoTime() + window.toNanos();
        agent.awaitEnd(agent.ops().rollback(new RollbackRequest(null, null), "test"));
        agent.deployAndWait(v2);

        // Past the end of the first deployment's window: v1 is the second one's standby, and within its window.
        long pastFirstWindow = Math.max(0, firstWindowEnds - System.nanoTime()) + Duration.ofMillis(500).toNanos();
        await().during(Duration.ofNanos(pastFirstWindow)).atMost(Duration.ofNanos(pastFirstWindow).plusSeconds(5))
                .until(() -> pids("1.0.0").equals(v1Pids));
        Deployment rollback = agent.awaitEnd(agent.ops().rollback(new RollbackRequest(null, null), "test"));

        assertThat(rollback.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(pids("1.0.0")).as("the same v1 processes serve again").isEqualTo(v1Pids);
        assertThat(agent.events(rollback.id())).extracting(DeploymentEvent::type)
                .doesNotContain(EventTypes.INSTANCE_STARTED);
    }

    @Test
    void rollbackAfterTheWindowStartsThePreviousReleaseAgain() throws Exception {
        startAgent(Duration.ofMillis(500));
        agent.deployAndWait(release("1.0.0", Map.of()));
        agent.deployAndWait(release("2.0.0", Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> pids("1.0.0").isEmpty());

        Deployment rollback = agent.awaitEnd(agent.ops().rollback(new RollbackRequest("1.0.0", null), "test"));

        assertThat(rollback.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(agent.ops().status().release()).isEqualTo("1.0.0");
        assertThat(agent.events(rollback.id()))
                .extracting(DeploymentEvent::type)
                .contains(EventTypes.INSTANCE_STARTED, EventTypes.INSTANCE_HEALTHY, EventTypes.TRAFFIC_SWITCHED);
    }

    @Test
    void zipSlipArtifactIsRefusedBeforeAcceptanceAndChangesNothing() throws Exception {
        startAgent(Duration.ofSeconds(60));
        agent.deployAndWait(release("1.0.0", Map.of()));
        Set<Long> servingPids = pids("1.0.0");
        String evil = agent.upload(TestReleases.zipSlip(Files.createDirectories(tmp.resolve("zips")), "6.6.6"));

        assertThatThrownBy(() -> agent.ops().deploy(DeployRequest.of(evil), null, "test"))
                .isInstanceOfSatisfying(OperationException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(422);
                    assertThat(e.problemType()).isEqualTo(ProblemTypes.UNSAFE_ARTIFACT);
                    assertThat(e.getMessage()).contains("../../escaped.txt");
                });
        assertThat(agent.ops().deployments()).hasSize(1);
        try (Stream<Path> files = Files.list(agent.home().releases())) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                    .containsExactly("1.0.0");
        }
        assertThat(Files.exists(agent.home().root().resolve("escaped.txt"))).isFalse();
        assertThat(Files.exists(tmp.resolve("escaped.txt"))).isFalse();
        assertThat(agent.ops().status().release()).isEqualTo("1.0.0");
        assertThat(pids("1.0.0")).isEqualTo(servingPids);
    }

    @Test
    void aSecondDeploymentWhileOneRunsIsRefusedNamingTheRunningOne() throws Exception {
        startAgent(Duration.ofSeconds(60));
        Deployment slow = agent.deploy(release("1.0.0", Map.of("SAMPLE_STARTUP_MS", "1500")));
        String sha = agent.upload(release("2.0.0", Map.of()));

        assertThatThrownBy(() -> agent.ops().deploy(DeployRequest.of(sha), null, "test"))
                .isInstanceOfSatisfying(OperationException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.problemType()).isEqualTo(ProblemTypes.DEPLOYMENT_IN_PROGRESS);
                    assertThat(e.deploymentId()).isEqualTo(slow.id());
                });
        assertThat(agent.awaitEnd(slow).state()).isEqualTo(DeploymentState.SUCCEEDED);
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameDeployment() throws Exception {
        startAgent(Duration.ofSeconds(60));
        String sha = agent.upload(release("1.0.0", Map.of()));

        Deployment first = agent.ops().deploy(DeployRequest.of(sha), "build-42-step-1", "test");
        Deployment again = agent.ops().deploy(DeployRequest.of(sha), "build-42-step-1", "test");
        agent.awaitEnd(first);
        Deployment afterEnd = agent.ops().deploy(DeployRequest.of(sha), "build-42-step-1", "test");

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(afterEnd.id()).isEqualTo(first.id());
        assertThat(agent.ops().deployments()).hasSize(1);
    }

    /**
     * The restore after an interrupted deployment runs while the restarted agent serves its API (issue 12: back in
     * control first): here it waits for the old release's instances, which died with the agent and start slowly, and
     * meanwhile the interrupted deployment is the running one, so a new one is refused until the restore has ended.
     */
    @Test
    void aRestartedAgentServesWhileItRestoresWhatAnInterruptedDeploymentReplaced() throws Exception {
        startAgent(Duration.ofSeconds(60));
        Map<String, String> slowStart = Map.of("SAMPLE_STARTUP_MS", "3000");
        assertThat(agent.deployAndWait(release("1.0.0", slowStart)).state()).isEqualTo(DeploymentState.SUCCEEDED);
        List<Long> v1 = agent.ops().status().loops().stream().flatMap(l -> l.instances().stream())
                .map(InstanceStatus::pid).toList();
        Deployment v2 = agent.deploy(release("2.0.0", slowStart));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> agent.ops().deployment(v2.id()).orElseThrow().state() == DeploymentState.VERIFYING);
        Path v3 = release("3.0.0", Map.of());

        agent.restart(() -> v1.forEach(pid -> ProcessHandle.of(pid).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        })));

        assertThatThrownBy(() -> agent.deploy(v3)).isInstanceOfSatisfying(OperationException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(409);
            assertThat(e.getMessage()).contains(v2.id());
        });
        Deployment restored = await("the restore").atMost(Duration.ofSeconds(60))
                .until(() -> agent.ops().deployment(v2.id()).orElseThrow(), Deployment::isFinished);
        assertThat(restored.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(agent.ops().status().release()).isEqualTo("1.0.0");
        assertThat(agent.deployAndWait(v3).state()).as("accepted once the restore has ended")
                .isEqualTo(DeploymentState.SUCCEEDED);
    }

    @Test
    void aRestartedAgentServesTheSameReleaseAgain() throws Exception {
        startAgent(Duration.ofSeconds(60));
        agent.deployAndWait(release("1.0.0", Map.of()));
        agent.deployAndWait(release("2.0.0", Map.of()));

        agent.restart();

        await().atMost(Duration.ofSeconds(30)).until(() -> agent.ops().status().loops().stream()
                .allMatch(l -> l.instances().stream().anyMatch(i -> i.healthy() && i.weight() > 0)));
        AgentStatus status = agent.ops().status();
        assertThat(status.release()).isEqualTo("2.0.0");
        assertThat(status.activeSlot()).isEqualTo("green");
        assertThat(agent.ops().deployments()).hasSize(2).allMatch(Deployment::isFinished);
        traffic = Traffic.start(agent.routerPort(), LOOPS, 1);
        awaitAnswers(30);
        traffic.stop();
        assertThat(traffic.failures()).isEmpty();
        assertThat(traffic.versionsSentAfter(0)).containsOnly("2.0.0");
    }

    private Set<Long> pids(String version) {
        return agent.ops().status().loops().stream()
                .flatMap(l -> l.instances().stream())
                .filter(i -> i.version().equals(version))
                .map(InstanceStatus::pid)
                .collect(Collectors.toSet());
    }
}
