package io.openclaw.deploy.agent.supervisor;

import static io.openclaw.deploy.agent.supervisor.InstanceEvent.Kind.EXITED;
import static io.openclaw.deploy.agent.supervisor.InstanceEvent.Kind.RESTART_SCHEDULED;
import static io.openclaw.deploy.agent.supervisor.InstanceEvent.Kind.STOPPED;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.freePort;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.javaCommand;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.settings;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.config.AgentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Graceful stop, process-tree kill and close, with real processes. */
class SupervisorStopTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path home;

    private final EventRecorder events = new EventRecorder();
    private final SeenProcesses seen = new SeenProcesses();
    private Supervisor supervisor;

    @AfterEach
    void cleanUp() {
        if (supervisor != null) {
            supervisor.close();
        }
        seen.killAll();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS,
            disabledReason = "ProcessHandleControl cannot ask a process to exit on Windows (no SIGTERM), it kills "
                    + "at once: no shutdown hook runs; the HTTP stop on Windows is in "
                    + "SupervisorHttpShutdownTest")
    void stopAsksTheLoopToExitAndWaitsUntilItIsGone() throws Exception {
        supervisor = new Supervisor(settings(), home.resolve("logs"), events);
        InstanceSpec spec = spec(0, freePort(), Map.of(), home);
        ProcessHandle process = seen.track(supervisor.start(spec).pid());
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();

        supervisor.stop(spec.id());

        assertThat(process.isAlive()).isFalse();
        assertThat(supervisor.instances()).isEmpty();
        assertThat(supervisor.instance(spec.id())).isEmpty();
        await().atMost(PATIENCE).until(() -> events.kinds(spec.id()).contains(STOPPED));
        InstanceEvent stopped = events.of(spec.id(), STOPPED).get(0);
        assertThat(stopped.detail()).contains("stopped by signal: exited after being asked").doesNotContain("killed");
        assertThat(stopped.instance().state()).isEqualTo(InstanceState.STOPPED);
        // A stop is not a crash: no restart.
        assertThat(events.kinds(spec.id())).doesNotContain(EXITED, RESTART_SCHEDULED);
        // The loop's own shutdown hook ran, which only happens on a polite request (SIGTERM), never on a kill.
        assertThat(Files.readString(supervisor.logFile(spec))).contains("stopping");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS) // uses sh; the Windows tree kill comes with the Windows process control
    void stopKillsTheWholeTreeIncludingGrandchildrenThatOutliveTheirParent() throws Exception {
        supervisor = new Supervisor(settings(), home.resolve("logs"), events);
        int port = freePort();
        String loop = javaCommand(port).stream().map(arg -> "'" + arg + "'").collect(Collectors.joining(" "));
        InstanceSpec spec = spec(0, port, List.of("sh", "-c", loop + " & sleep 1000"), Map.of(), home);
        ProcessHandle shell = seen.track(supervisor.start(spec).pid());
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue(); // the grandchild java answers
        await().atMost(PATIENCE).until(() -> shell.descendants().count() >= 2);
        List<ProcessHandle> tree = shell.descendants().toList();
        seen.addAll(tree);

        supervisor.stop(spec.id());

        assertThat(shell.isAlive()).isFalse();
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        assertThat(PortCheck.isFree(port)).isTrue();
        await().atMost(PATIENCE).until(() -> events.kinds(spec.id()).contains(STOPPED));
        assertThat(events.of(spec.id(), STOPPED).get(0).detail()).contains("exited after being asked");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aProcessIgnoringTheRequestIsKilledAfterTheStopTimeout() throws Exception {
        supervisor = new Supervisor(settings(Duration.ofMillis(500)), home.resolve("logs"), events);
        InstanceSpec spec = spec(0, freePort(), List.of("sh", "-c", "trap '' TERM; sleep 1000 & wait"), Map.of(), home);
        ProcessHandle shell = seen.track(supervisor.start(spec).pid());
        await().atMost(PATIENCE).until(() -> shell.descendants().findAny().isPresent());
        List<ProcessHandle> tree = shell.descendants().toList();
        seen.addAll(tree);

        supervisor.stop(spec.id());

        assertThat(shell.isAlive()).isFalse();
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        await().atMost(PATIENCE).until(() -> events.kinds(spec.id()).contains(STOPPED));
        assertThat(events.of(spec.id(), STOPPED).get(0).detail()).contains("did not exit within").contains("killed");
        assertThat(events.kinds(spec.id())).doesNotContain(RESTART_SCHEDULED);
    }

    @Test
    void stoppingAnUnknownInstanceChangesNothing() throws Exception {
        supervisor = new Supervisor(settings(), home.resolve("logs"), events);
        InstanceSpec spec = spec(0, freePort(), Map.of(), home);
        ProcessHandle process = seen.track(supervisor.start(spec).pid());

        supervisor.stop("x-blue-7");

        assertThat(process.isAlive()).isTrue();
        assertThat(supervisor.instances()).hasSize(1);
    }

    @Test
    void closeStopsEveryInstanceAndLeavesNoProcessBehind() throws Exception {
        supervisor = new Supervisor(settings(), home.resolve("logs"), events);
        InstanceSpec first = spec(0, freePort(), Map.of(), home);
        InstanceSpec second = spec(1, freePort(), Map.of(), home);
        ProcessHandle one = seen.track(supervisor.start(first).pid());
        ProcessHandle two = seen.track(supervisor.start(second).pid());
        assertThat(supervisor.awaitHealthy(first.id(), PATIENCE)).isTrue();
        assertThat(supervisor.awaitHealthy(second.id(), PATIENCE)).isTrue();

        supervisor.close();

        assertThat(one.isAlive()).isFalse();
        assertThat(two.isAlive()).isFalse();
        assertThat(supervisor.instances()).isEmpty();
        // close() waits for the listener to have the last events
        assertThat(events.kinds(first.id())).endsWith(STOPPED);
        assertThat(events.kinds(second.id())).endsWith(STOPPED);
        assertThatThrownBy(() -> supervisor.start(spec(2, freePort(), Map.of(), home)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aStopDuringTheRestartBackOffCancelsTheRestart() throws Exception {
        AgentConfig.Supervision slowRestart = new AgentConfig.Supervision(
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(200),
                Duration.ofSeconds(1), 2, Duration.ofSeconds(30), Duration.ofSeconds(60), 4096, 3);
        supervisor = new Supervisor(slowRestart, home.resolve("logs"), events);
        InstanceSpec spec = spec(0, freePort(), Map.of(), home);
        long pid = supervisor.start(spec).pid();
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(PATIENCE).until(() -> events.kinds(spec.id()).contains(RESTART_SCHEDULED));
        assertThat(supervisor.instance(spec.id()).orElseThrow().state()).isEqualTo(InstanceState.RESTARTING);

        supervisor.stop(spec.id());

        assertThat(supervisor.instances()).isEmpty();
        await().atMost(PATIENCE).until(() -> events.kinds(spec.id()).contains(STOPPED));
        assertThat(events.of(spec.id(), STOPPED).get(0).detail()).contains("no process was running");
    }
}
