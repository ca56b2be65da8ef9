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
import java.util.ArrayList;
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
    private final List<ProcessHandle> seen = new ArrayList<>();
    private Supervisor supervisor;

    @AfterEach
    void cleanUp() {
        if (supervisor != null) {
            supervisor.close();
        }
        seen.forEach(SampleLoopFixture::killTree);
    }

    @Test
    void aLoopDeclaringHttpShutdownIsStoppedByItBeforeAnySignal() throws Exception {
        RecordingControl control = new RecordingControl(new ProcessHandleControl());
        supervisor = new Supervisor(settings(), home.resolve("logs"), events, control);
        int port = freePort();
        InstanceSpec spec = spec(0, port, javaCommand(port), Map.of(), home, SHUTDOWN);
        ProcessHandle process = track(supervisor.start(spec).pid());
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();

        supervisor.stop(spec.id());

        assertThat(process.isAlive()).isFalse();
        assertThat(control.asked).isEmpty();
        assertThat(control.killed).isEmpty();
        String detail = stoppedDetail(spec);
        assertThat(detail).contains("stopped by http").contains("POST /shutdown answered 202").endsWith("(exit code 0)");
        assertThat(Files.readString(supervisor.logFile(spec))).contains("shutdown requested over HTTP", "stopping");
        assertThat(events.kinds(spec.id())).doesNotContain(RESTART_SCHEDULED);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS) // SIGTERM
    void aLoopThatAcceptsTheRequestButStaysGetsTheSignalAfterThreeQuartersOfTheBudget() throws Exception {
        RecordingControl control = new RecordingControl(new ProcessHandleControl());
        supervisor = new Supervisor(settings(Duration.ofSeconds(2)), home.resolve("logs"), events, control);
        int port = freePort();
        InstanceSpec spec = spec(0, port, javaCommand(port), Map.of(), home, IGNORED);
        ProcessHandle process = track(supervisor.start(spec).pid());
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();

        supervisor.stop(spec.id());

        assertThat(process.isAlive()).isFalse();
        assertThat(control.asked).containsExactly(process.pid());
        assertThat(control.killed).isEmpty();
        assertThat(stoppedDetail(spec)).contains("stopped by signal").contains("POST /ignored answered 200");
        assertThat(Files.readString(supervisor.logFile(spec))).contains("stopping");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS) // sh, trap
    void aLoopIgnoringTheRequestAndTheSignalIsKilledAfterTheStopTimeout() throws Exception {
        RecordingControl control = new RecordingControl(new ProcessHandleControl());
        supervisor = new Supervisor(settings(Duration.ofSeconds(1)), home.resolve("logs"), events, control);
        int port = freePort();
        // A JVM that starts with SIGTERM ignored keeps ignoring it (it installs no shutdown handler over SIG_IGN).
        String java = javaCommand(port).stream().map(arg -> "'" + arg + "'").collect(Collectors.joining(" "));
        InstanceSpec spec = spec(0, port, List.of("sh", "-c", "trap '' TERM; exec " + java), Map.of(), home, IGNORED);
        ProcessHandle process = track(supervisor.start(spec).pid());
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();

        supervisor.stop(spec.id());

        assertThat(process.isAlive()).isFalse();
        assertThat(PortCheck.isFree(port)).isTrue();
        assertThat(control.asked).containsExactly(process.pid());
        assertThat(control.killed).contains(process.pid());
        assertThat(stoppedDetail(spec)).contains("killed: did not exit within PT1S").contains("POST /ignored answered 200");
    }

    @Test
    void onTheWindowsPathTheHttpRequestStopsTheLoopWithoutTouchingItsJob() throws Exception {
        FakeKernel32 kernel = new FakeKernel32(); // no console: Ctrl+C cannot be sent, as under the SCM
        supervisor = new Supervisor(settings(), home.resolve("logs"), events, new WindowsProcessControl(kernel));
        int port = freePort();
        InstanceSpec spec = spec(0, port, javaCommand(port), Map.of(), home, SHUTDOWN);
        ProcessHandle process = track(supervisor.start(spec).pid());
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();

        supervisor.stop(spec.id());

        assertThat(process.isAlive()).isFalse();
        assertThat(kernel.ctrlCSentTo).isEmpty();
        assertThat(kernel.jobOf(process.pid()).orElseThrow().terminated).isFalse();
        assertThat(stoppedDetail(spec)).contains("stopped by http").endsWith("(exit code 0)");
        assertThat(Files.readString(supervisor.logFile(spec))).contains("shutdown requested over HTTP");
    }

    @Test
    void onTheWindowsPathALoopIgnoringTheRequestKeepsTheWholeBudgetThenItsJobIsTerminated() throws Exception {
        FakeKernel32 kernel = new FakeKernel32();
        supervisor = new Supervisor(settings(Duration.ofSeconds(1)), home.resolve("logs"), events,
                new WindowsProcessControl(kernel));
        int port = freePort();
        InstanceSpec spec = spec(0, port, javaCommand(port), Map.of(), home, IGNORED);
        ProcessHandle process = track(supervisor.start(spec).pid());
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();

        supervisor.stop(spec.id());

        assertThat(process.isAlive()).isFalse();
        assertThat(kernel.ctrlCSentTo).containsExactly(process.pid());
        assertThat(kernel.jobOf(process.pid()).orElseThrow().terminated).isTrue();
        assertThat(stoppedDetail(spec)).contains("killed: did not exit within PT1S")
                .contains("POST /ignored answered 200", "no signal can be sent here");
    }

    @Test
    void onTheWindowsPathALoopWithoutHttpShutdownIsKilledAtOnce() throws Exception {
        FakeKernel32 kernel = new FakeKernel32();
        supervisor = new Supervisor(settings(), home.resolve("logs"), events, new WindowsProcessControl(kernel));
        InstanceSpec spec = spec(0, freePort(), Map.of(), home);
        ProcessHandle process = track(supervisor.start(spec).pid());
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();

        supervisor.stop(spec.id());

        assertThat(process.isAlive()).isFalse();
        assertThat(kernel.jobOf(process.pid()).orElseThrow().terminated).isTrue();
        assertThat(stoppedDetail(spec)).contains("killed: cannot be asked to exit here");
    }

    private String stoppedDetail(InstanceSpec spec) {
        await().atMost(PATIENCE).until(() -> events.kinds(spec.id()).contains(STOPPED));
        return events.of(spec.id(), STOPPED).get(0).detail();
    }

    private ProcessHandle track(long pid) {
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        seen.add(handle);
        return handle;
    }

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
