package io.openclaw.deploy.agent.supervisor;

import static io.openclaw.deploy.agent.supervisor.InstanceEvent.Kind.RESTART_SCHEDULED;
import static io.openclaw.deploy.agent.supervisor.InstanceEvent.Kind.STOPPED;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.freePort;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.javaCommand;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.settings;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.release.ShutdownRequest;
import io.openclaw.deploy.agent.supervisor.windows.FakeKernel32;
import io.openclaw.deploy.agent.supervisor.windows.WindowsProcessControl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop's HTTP shutdown request in the stop sequence, with real sample-loop processes: first with the portable
 * process control (SIGTERM as the second step), then with the Windows one over a fake kernel32, where no console
 * control event can be sent and the tree is ended through its Job Object.
 */
class SupervisorHttpShutdownTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ShutdownRequest SHUTDOWN = ShutdownRequest.http("/shutdown");
    /** The sample loop answers 200 on any other path and goes on: a loop whose endpoint does nothing. */
    private static final ShutdownRequest IGNORED = ShutdownRequest.http("/ignored");

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
    void aLoopDeclaringHttpShutdownIsStoppedByItBeforeAnySignal() throws Exception {
        RecordingControl control = new RecordingControl(new ProcessHandleControl());
        Started loop = startHealthy(control, Duration.ofSeconds(5), SHUTDOWN);

        supervisor.stop(loop.spec().id());

        assertThat(loop.process().isAlive()).isFalse();
        assertThat(control.asked).isEmpty();
        assertThat(control.killed).isEmpty();
        assertThat(stoppedDetail(loop.spec())).contains("stopped by http").contains("POST /shutdown answered 202")
                .endsWith("(exit code 0)");
        assertThat(Files.readString(supervisor.logFile(loop.spec()))).contains("shutdown requested over HTTP", "stopping");
        assertThat(events.kinds(loop.spec().id())).doesNotContain(RESTART_SCHEDULED);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS) // SIGTERM
    void aLoopThatAcceptsTheRequestButStaysGetsTheSignalAfterThreeQuartersOfTheBudget() throws Exception {
        RecordingControl control = new RecordingControl(new ProcessHandleControl());
        // 7.5 s of the 10 s for the request (which the loop ignores), then 2.5 s for a loaded machine to end a JVM.
        Started loop = startHealthy(control, Duration.ofSeconds(10), IGNORED);

        supervisor.stop(loop.spec().id());

        assertThat(loop.process().isAlive()).isFalse();
        assertThat(control.asked).containsExactly(loop.process().pid());
        assertThat(control.killed).isEmpty();
        assertThat(stoppedDetail(loop.spec())).contains("stopped by signal").contains("POST /ignored answered 200");
        assertThat(Files.readString(supervisor.logFile(loop.spec()))).contains("stopping");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS) // sh, trap
    void aLoopIgnoringTheRequestAndTheSignalIsKilledAfterTheStopTimeout() throws Exception {
        RecordingControl control = new RecordingControl(new ProcessHandleControl());
        int port = freePort();
        // A JVM that starts with SIGTERM ignored keeps ignoring it (it installs no shutdown handler over SIG_IGN).
        String java = javaCommand(port).stream().map(arg -> "'" + arg + "'").collect(Collectors.joining(" "));
        Started loop = startHealthy(control, Duration.ofSeconds(1), IGNORED,
                List.of("sh", "-c", "trap '' TERM; exec " + java), port);

        supervisor.stop(loop.spec().id());

        assertThat(loop.process().isAlive()).isFalse();
        assertThat(PortCheck.isFree(port)).isTrue();
        assertThat(control.asked).containsExactly(loop.process().pid());
        assertThat(control.killed).contains(loop.process().pid());
        assertThat(stoppedDetail(loop.spec())).contains("killed: did not exit within PT1S")
                .contains("POST /ignored answered 200");
    }

    @Test
    void onTheWindowsPathTheHttpRequestStopsTheLoopWithoutTouchingItsJob() throws Exception {
        FakeKernel32 kernel = new FakeKernel32(); // no console: Ctrl+C cannot be sent, as under the SCM
        Started loop = startHealthy(new WindowsProcessControl(kernel), Duration.ofSeconds(5), SHUTDOWN);

        supervisor.stop(loop.spec().id());

        assertThat(loop.process().isAlive()).isFalse();
        assertThat(kernel.ctrlCSentTo).isEmpty();
        assertThat(kernel.jobOf(loop.process().pid()).orElseThrow().terminated).isFalse();
        assertThat(stoppedDetail(loop.spec())).contains("stopped by http").endsWith("(exit code 0)");
        assertThat(Files.readString(supervisor.logFile(loop.spec()))).contains("shutdown requested over HTTP");
    }

    @Test
    void onTheWindowsPathALoopIgnoringTheRequestKeepsTheWholeBudgetThenItsJobIsTerminated() throws Exception {
        FakeKernel32 kernel = new FakeKernel32();
        Started loop = startHealthy(new WindowsProcessControl(kernel), Duration.ofSeconds(1), IGNORED);

        supervisor.stop(loop.spec().id());

        assertThat(loop.process().isAlive()).isFalse();
        assertThat(kernel.ctrlCSentTo).containsExactly(loop.process().pid());
        assertThat(kernel.jobOf(loop.process().pid()).orElseThrow().terminated).isTrue();
        assertThat(stoppedDetail(loop.spec())).contains("killed: did not exit within PT1S")
                .contains("POST /ignored answered 200", "no signal can be sent here");
    }

    @Test
    void onTheWindowsPathALoopWithoutHttpShutdownIsKilledAtOnce() throws Exception {
        FakeKernel32 kernel = new FakeKernel32();
        Started loop = startHealthy(new WindowsProcessControl(kernel), Duration.ofSeconds(5), ShutdownRequest.NONE);

        supervisor.stop(loop.spec().id());

        assertThat(loop.process().isAlive()).isFalse();
        assertThat(kernel.jobOf(loop.process().pid()).orElseThrow().terminated).isTrue();
        assertThat(stoppedDetail(loop.spec())).contains("killed: cannot be asked to exit here");
    }

    private String stoppedDetail(InstanceSpec spec) {
        await().atMost(PATIENCE).until(() -> events.kinds(spec.id()).contains(STOPPED));
        return events.of(spec.id(), STOPPED).get(0).detail();
    }

    /** A supervisor with this control and stop timeout, running one healthy sample loop that declares {@code shutdown}. */
    private Started startHealthy(ProcessControl control, Duration stopTimeout, ShutdownRequest shutdown,
            List<String> command, int port) throws InterruptedException {
        supervisor = new Supervisor(settings(stopTimeout), home.resolve("logs"), events, control);
        InstanceSpec spec = spec(0, port, command, Map.of(), home, shutdown);
        ProcessHandle process = seen.track(supervisor.start(spec).pid());
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();
        return new Started(spec, process);
    }

    private Started startHealthy(ProcessControl control, Duration stopTimeout, ShutdownRequest shutdown)
            throws InterruptedException {
        int port = freePort();
        return startHealthy(control, stopTimeout, shutdown, javaCommand(port), port);
    }

    private record Started(InstanceSpec spec, ProcessHandle process) {}

    /** The real process control, noting whom it was asked to signal and to kill. */
    private static final class RecordingControl implements ProcessControl {
        final List<Long> asked = new CopyOnWriteArrayList<>();
        final List<Long> killed = new CopyOnWriteArrayList<>();
        private final ProcessControl real;

        RecordingControl(ProcessControl real) {
            this.real = real;
        }

        @Override
        public boolean askToExit(ProcessHandle process) {
            asked.add(process.pid());
            return real.askToExit(process);
        }

        @Override
        public void kill(ProcessHandle process) {
            killed.add(process.pid());
            real.kill(process);
        }
    }
}
