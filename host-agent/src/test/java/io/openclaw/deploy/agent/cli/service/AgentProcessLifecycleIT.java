package io.openclaw.deploy.agent.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.api.ApiToken;
import io.openclaw.deploy.agent.cli.FullStop;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentConfigLoader;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.release.ArtifactStore;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.agent.testing.TestReleases;
import io.openclaw.deploy.agent.tls.TlsIdentityStore;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentEndpoint;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.InstanceStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent as a service manager runs it on Linux ({@code KillMode=process}: only the JVM is signalled): a
 * crash (SIGKILL) leaves the loops running, the restarted agent adopts the very same processes, and a graceful stop
 * (SIGTERM) leaves none behind. Also: it refuses to start while its API token is readable by others.
 */
class AgentProcessLifecycleIT {
    @TempDir
    Path tmp;

    private AgentHome home;
    private String token;
    private final List<PackagedAgent> agents = new ArrayList<>();
    private final List<Long> loopPids = new ArrayList<>();

    @BeforeEach
    void createHome() throws Exception {
        // A space in the home path, as in "C:\Program Files": every command line must quote it.
        home = new AgentHome(tmp.resolve(System.getProperty("it.homeName", "agent home")));
        TlsIdentityStore.create(home, Set.of("localhost", "127.0.0.1"));
        token = ApiToken.createFile(home.tokenFile());
        AgentConfigLoader.write(home.configFile(), wholeSeconds(TestConfigs.quick(Duration.ofSeconds(1))));
    }

    /** agent.yaml holds whole seconds: the quick test timings rounded up to them. */
    private static AgentConfig wholeSeconds(AgentConfig quick) {
        AgentConfig.Supervision s = quick.supervision();
        return new AgentConfig(quick.listen(), quick.slots(), new AgentConfig.Supervision(s.startTimeout(),
                s.drainTimeout(), s.stopTimeout(), Duration.ofSeconds(1), s.healthTimeout(), s.failureThreshold(),
                Duration.ofSeconds(1), s.restartBackoffMax(), s.logMaxBytes(), s.logKeepFiles()), quick.releases());
    }

    @AfterEach
    void killEverything() {
        agents.forEach(PackagedAgent::close);
        loopPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }));
    }

    private PackagedAgent start(String... args) throws Exception {
        PackagedAgent agent = PackagedAgent.start(tmp.resolve("agent-" + agents.size() + ".out"), args);
        agents.add(agent);
        return agent;
    }

    private AgentClient client(PackagedAgent.Ready ready) {
        return new AgentClient(new AgentEndpoint(ready.api(), token, ready.fingerprint(), Duration.ofSeconds(5),
                Duration.ofSeconds(60)));
    }

    private static List<Long> pids(AgentClient client) throws Exception {
        return client.status().loops().stream().flatMap(l -> l.instances().stream())
                .filter(InstanceStatus::healthy).map(InstanceStatus::pid).sorted().toList();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS,
            disabledReason = "Process.destroy() is TerminateProcess on Windows: no graceful stop, so the loops "
                    + "outlive the agent; checklist steps 4 and 5 cover crash, adoption and stop under the "
                    + "SCM")
    void loopsOutliveACrashAreAdoptedAfterRestartAndStopWithAGracefulStop() throws Exception {
        // The release goes into the home's artifact store before the agent starts: this test is about the agent's
        // process lifecycle, not the upload (covered by ControlApiIT).
        Path zip = withHttpShutdown(TestReleases.build(tmp, "1.0.0", List.of("core_orchestrator", "gmail_processor"),
                Map.of()));
        String sha = TestReleases.sha256(zip);
        try (InputStream in = Files.newInputStream(zip)) {
            new ArtifactStore(home.artifacts(), AgentConfig.defaults().releases().maxArtifactBytes()).store(sha, in);
        }
        PackagedAgent first = start("serve", "--home", home.root().toString());
        PackagedAgent.Ready ready = first.awaitReady();
        try (AgentClient client = client(ready)) {
            assertThat(client.hasArtifact(sha)).isTrue();
            Deployment deployment = client.deploy(DeployRequest.of(sha), "it-1");
            assertThat(deployment.id()).as(first.transcript()).isNotBlank();
            client.followEvents(deployment.id(), 0, event -> {});
            assertThat(client.deployment(deployment.id()).state()).isEqualTo(DeploymentState.SUCCEEDED);
            loopPids.addAll(pids(client));
        }
        assertThat(loopPids).hasSize(2);

        first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no stop of anything
        assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(loopPids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).hasValueSatisfying(
                p -> assertThat(p.isAlive()).isTrue()));

        PackagedAgent second = start("serve", "--home", home.root().toString());
        PackagedAgent.Ready again = second.awaitReady();
        try (AgentClient client = client(again)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> pids(client).size() == 2);
            assertThat(pids(client)).as("the same processes, adopted").isEqualTo(loopPids);
            assertThat(client.status().release()).isEqualTo("1.0.0");
        }

        FullStop.request(home); // as 'service stop --all' does: without it the router and the loops stay up
        second.process.destroy(); // SIGTERM, as systemctl stop sends it
        assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).as(second.transcript()).isTrue();
        assertThat(second.process.exitValue()).isIn(0, 143);
        await().atMost(Duration.ofSeconds(10)).until(
                () -> loopPids.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        // The manifest's shutdown request went through the journal to the restarted agent, which used it on the
        // adopted loops: no signal, no kill.
        String transcript = second.transcript();
        assertThat(transcript.lines().filter(line -> line.matches(".*stopped (core_orchestrator|gmail_processor)-blue-0: pid \\d+ stopped by http: .*")).count()).as(transcript).isEqualTo(2);
    }

    /** The test release with every loop declaring the sample loop's HTTP shutdown request. */
    private static Path withHttpShutdown(Path zip) throws IOException {
        try (FileSystem files = FileSystems.newFileSystem(zip)) {
            Path manifest = files.getPath("openclaw.yaml");
            String yaml = Files.readString(manifest);
            String declared = yaml.replaceAll("(?m)^(    health: .*\n)", "$1    shutdown: {http: /shutdown}\n");
            assertThat(declared).contains("shutdown: {http: /shutdown}");
            Files.writeString(manifest, declared);
        }
        return zip;
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS,
            disabledReason = "sets POSIX permissions; the ACL check is WindowsAclTest and checklist step 6")
    void refusesToStartWhileTheTokenIsReadableByOthersAndSaysHowToFixIt() throws Exception {
        Files.setPosixFilePermissions(home.tokenFile(), PosixFilePermissions.fromString("rw-r--r--"));

        PackagedAgent agent = start("service", "run", "--home", home.root().toString());

        assertThat(agent.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.process.exitValue()).isEqualTo(11);
        assertThat(agent.transcript()).contains("refusing to start").contains("chmod 600 " + home.tokenFile());
        assertThat(agent.transcript()).doesNotContain(Files.readString(home.tokenFile()).strip());
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS,
            disabledReason = "Process.destroy() is TerminateProcess on Windows: no graceful stop and no "
                    + "STOP_PENDING; the service stop is checklist step 5")
    void serviceRunOutsideTheScmServesUntilSigtermAndExitsCleanly() throws Exception {
        PackagedAgent agent = start("service", "run", "--home", home.root().toString());
        await().atMost(Duration.ofSeconds(90)).until(
                () -> agent.transcript().contains("service status RUNNING") || !agent.process.isAlive());
        assertThat(agent.transcript()).contains("service status START_PENDING").contains("service status RUNNING");

        FullStop.request(home); // the router process goes too: nothing is left running after the test
        agent.process.destroy();

        assertThat(agent.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.transcript()).contains("service status STOP_PENDING").contains("service status STOPPED");
    }
}
