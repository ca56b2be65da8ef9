package io.openclaw.deploy.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.testing.AgentProcess;
import io.openclaw.deploy.agent.testing.FreePorts;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.agent.testing.TestReleases;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.InstanceStatus;
import io.openclaw.deploy.sample.Traffic;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: traffic to the loops never depends on the agent process. The agent is a real process, killed or stopped
 * while clients keep sending requests through the router, which is a process of its own.
 *
 * <p>One agent and one deployed release serve the whole class (an agent process, its router and two loops take
 * seconds of CPU to start): each test starts from that agent running and serving 1.0.0 with the loops deployed first,
 * and leaves it so, except the full stop, which runs last. A test that fails with the agent down has it started
 * again for the next one.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "SIGTERM and SIGKILL of the agent process; the Windows service's"
        + " STOP is covered by checklist step 5")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrafficSurvivesTheAgentIT {
    private static final List<String> LOOPS = List.of("core_orchestrator", "gmail_processor");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    private AgentProcess agent;
    private Map<String, Long> loopPids;

    @BeforeAll
    void deployed() throws Exception {
        int ports = FreePorts.block(2);
        agent = AgentProcess.init(tmp.resolve("home"), TestConfigs.withPorts(Duration.ofSeconds(60), ports, ports + 1));
        agent.start();
        Path zip = TestReleases.build(Files.createDirectories(tmp.resolve("zips")), "1.0.0", LOOPS, Map.of());
        try (AgentClient client = agent.client()) {
            String sha = TestReleases.sha256(zip);
            try (InputStream in = Files.newInputStream(zip)) {
                client.uploadArtifact(sha, Files.size(zip), in);
            }
            Deployment v1 = client.deploy(DeployRequest.of(sha), null);
            client.followEvents(v1.id(), 0, e -> {});
            assertThat(client.deployment(v1.id()).state()).isEqualTo(DeploymentState.SUCCEEDED);
            loopPids = pids(client.status());
        }
    }

    /** Only after a test that failed with the agent down: the next one starts from a running agent again. */
    @BeforeEach
    void agentRunning() throws Exception {
        if (!agent.running()) {
            agent.start();
        }
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (loopPids != null) {
            loopPids.values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    @Order(2)
    void aKilledAgentCostsNoRequestAndTheNextOneTakesBackTheSameRouterAndLoops() throws Exception {
        long routerPid = agent.routerProcess().orElseThrow().pid();
        try (Traffic traffic = Traffic.start(agent.routerPort(), LOOPS, 2)) {
            assertThat(traffic.awaitMoreAnswers(50, PATIENCE)).isTrue();

            agent.kill();
            assertThat(traffic.awaitMoreAnswers(200, PATIENCE)).as("served while no agent runs").isTrue();
            agent.start();
            assertThat(traffic.awaitMoreAnswers(100, PATIENCE)).isTrue();
            traffic.stop();

            assertThat(traffic.failures()).as("failed requests").isEmpty();
            assertThat(traffic.answersByVersion().keySet()).containsOnly("1.0.0");
        }
        try (AgentClient client = agent.client()) {
            assertThat(pids(client.status())).as("the same loop processes, adopted").isEqualTo(loopPids);
        }
        assertThat(agent.routerProcess().map(ProcessHandle::pid)).as("the same router, adopted").contains(routerPid);
    }

    @Test
    @Order(3)
    void aGracefulStopOfTheAgentLeavesOpenClawServingUntilTheNextAgentAdoptsIt() throws Exception {
        long routerPid = agent.routerProcess().orElseThrow().pid();
        try (Traffic traffic = Traffic.start(agent.routerPort(), LOOPS, 2)) {
            assertThat(traffic.awaitMoreAnswers(50, PATIENCE)).isTrue();

            assertThat(agent.stop()).as("SIGTERM: a clean stop").isIn(0, 143);
            assertThat(traffic.awaitMoreAnswers(200, PATIENCE)).as("served while no agent runs").isTrue();
            agent.start();
            assertThat(traffic.awaitMoreAnswers(100, PATIENCE)).isTrue();
            traffic.stop();

            assertThat(traffic.failures()).as("failed requests").isEmpty();
        }
        try (AgentClient client = agent.client()) {
            assertThat(pids(client.status())).as("the loops were never stopped").isEqualTo(loopPids);
        }
        assertThat(agent.routerProcess().map(ProcessHandle::pid)).contains(routerPid);
    }

    @Test
    @Order(4)
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the listening socket is handed over with SCM_RIGHTS (epoll)")
    void anUpgradedAgentReplacesTheRouterWithoutFailingARequest() throws Exception {
        long oldRouter = agent.routerProcess().orElseThrow().pid();
        Path upgrade = Files.copy(AgentProcess.defaultJar(), tmp.resolve("openclaw-agent-upgrade.jar"));
        try (Traffic traffic = Traffic.start(agent.routerPort(), LOOPS, 2)) {
            assertThat(traffic.awaitMoreAnswers(50, PATIENCE)).isTrue();

            assertThat(agent.stop()).isIn(0, 143);
            agent.useJar(upgrade);
            agent.start();
            await().atMost(PATIENCE).until(() -> ProcessHandle.of(oldRouter).map(p -> !p.isAlive()).orElse(true));
            assertThat(traffic.awaitMoreAnswers(200, PATIENCE)).isTrue();
            traffic.stop();

            assertThat(traffic.failures()).as("failed requests").isEmpty();
        }
        assertThat(agent.routerProcess().orElseThrow().pid()).as("a new router, on the new jar").isNotEqualTo(oldRouter);
        try (AgentClient client = agent.client()) {
            assertThat(pids(client.status())).as("the loops were never stopped").isEqualTo(loopPids);
        }
    }

    /** Last: nothing of the class' OpenClaw runs after it. */
    @Test
    @Order(5)
    void aFullStopTakesTheRouterAndEveryLoopDown() throws Exception {
        ProcessHandle router = agent.routerProcess().orElseThrow();

        assertThat(agent.stopEverything()).isIn(0, 143);

        await().atMost(PATIENCE).until(() -> !router.isAlive() && loopPids.values().stream()
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }

    @Test
    @Order(1)
    void aCrashedRouterIsStartedAgainWithItsTableAndTheAgentKeepsControl() throws Exception {
        ProcessHandle router = agent.routerProcess().orElseThrow();

        router.destroyForcibly();

        try (Traffic traffic = Traffic.start(agent.routerPort(), LOOPS, 1)) {
            assertThat(traffic.awaitMoreAnswers(50, PATIENCE)).as("a new router serves the same port").isTrue();
        }
        assertThat(agent.routerProcess().orElseThrow().pid()).isNotEqualTo(router.pid());
        try (AgentClient client = agent.client()) {
            assertThat(client.status().loops()).allMatch(l -> l.instances().stream().anyMatch(i -> i.weight() > 0));
        }
    }

    private static Map<String, Long> pids(AgentStatus status) {
        return status.loops().stream().flatMap(l -> l.instances().stream())
                .collect(Collectors.toMap(InstanceStatus::id, InstanceStatus::pid));
    }
}
