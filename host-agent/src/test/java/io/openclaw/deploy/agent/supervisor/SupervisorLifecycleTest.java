package io.openclaw.deploy.agent.supervisor;

import static io.openclaw.deploy.agent.supervisor.InstanceEvent.Kind.EXITED;
import static io.openclaw.deploy.agent.supervisor.InstanceEvent.Kind.HEALTHY;
import static io.openclaw.deploy.agent.supervisor.InstanceEvent.Kind.RESTART_SCHEDULED;
import static io.openclaw.deploy.agent.supervisor.InstanceEvent.Kind.STARTED;
import static io.openclaw.deploy.agent.supervisor.InstanceEvent.Kind.UNHEALTHY;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.freePort;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.settings;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Start, health, logs and crash restarts, with real sample-loop processes. */
class SupervisorLifecycleTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path home;

    private final EventRecorder events = new EventRecorder();
    private Supervisor supervisor;
    private Path logs;

    @BeforeEach
    void createSupervisor() {
        logs = home.resolve("logs");
        supervisor = new Supervisor(settings(), logs, events);
    }

    @AfterEach
    void cleanUp() {
        List<InstanceSnapshot> left = supervisor.instances();
        supervisor.close();
        left.stream()
                .flatMap(s -> ProcessHandle.of(s.pid()).stream())
                .forEach(SampleLoopFixture::killTree);
    }

    @Test
    void startsTheLoopAndSeesItHealthy() throws Exception {
        int port = freePort();
        InstanceSpec spec = spec(0, port, Map.of(), home);

        InstanceSnapshot started = supervisor.start(spec);

        assertThat(started.state()).isEqualTo(InstanceState.STARTING);
        assertThat(ProcessHandle.of(started.pid())).get().matches(ProcessHandle::isAlive);
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();
        InstanceSnapshot running = supervisor.instance(spec.id()).orElseThrow();
        assertThat(running.state()).isEqualTo(InstanceState.RUNNING);
        assertThat(running.healthy()).isTrue();
        assertThat(running.pid()).isEqualTo(started.pid());
        assertThat(running.processStart()).isNotNull();
        assertThat(get(port, "/anything").body()).contains("\"pid\":" + started.pid()).contains("\"loop\":\"x\"");
        await().atMost(PATIENCE).until(() -> events.kinds(spec.id()).contains(HEALTHY));
        assertThat(events.kinds(spec.id())).startsWith(STARTED, HEALTHY);
        assertThat(supervisor.instances()).extracting(s -> s.spec().id()).containsExactly(spec.id());
    }

    @Test
    void theLoopWritesItsOutputIntoItsOwnLogFile() throws Exception {
        int port = freePort();
        InstanceSpec spec = spec(0, port, Map.of(), home);

        supervisor.start(spec);

        Path log = logs.resolve("x").resolve("x-blue-0.log");
        assertThat(supervisor.logFile(spec)).isEqualTo(log);
        await().atMost(PATIENCE).until(() -> Files.exists(log)
                && Files.readString(log).contains("listening on 127.0.0.1:" + port));
    }

    @Test
    @EnabledOnOs(OS.LINUX) // reads /proc
    void theLoopsOutputGoesStraightToTheFileWithNoPipeToTheAgent() throws Exception {
        InstanceSpec spec = spec(0, freePort(), Map.of(), home);
        long pid = supervisor.start(spec).pid();
        Path log = supervisor.logFile(spec).toRealPath();

        Path fds = Path.of("/proc", Long.toString(pid), "fd");
        assertThat(Files.readSymbolicLink(fds.resolve("1"))).isEqualTo(log);
        assertThat(Files.readSymbolicLink(fds.resolve("2"))).isEqualTo(log);
        assertThat(Files.readSymbolicLink(fds.resolve("0"))).isEqualTo(Path.of("/dev/null"));
    }

    @Test
    void aLargeLogIsRotatedBeforeTheLoopStarts() throws Exception {
        int port = freePort();
        InstanceSpec spec = spec(0, port, Map.of(), home);
        Path log = supervisor.logFile(spec);
        Files.createDirectories(log.getParent());
        Files.writeString(log, "previous run\n" + "z".repeat(5000));

        supervisor.start(spec);
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();

        assertThat(Files.readString(LogRotator.rotated(log, 1))).startsWith("previous run");
        await().atMost(PATIENCE).until(() -> Files.readString(log).contains("listening on"));
        assertThat(Files.readString(log)).doesNotContain("previous run");
    }

    @Test
    void aLoopFailingItsHealthCheckNeverBecomesHealthy() throws Exception {
        int port = freePort();
        InstanceSpec spec = spec(0, port, Map.of("SAMPLE_FAIL_HEALTH", "true"), home);
        supervisor.start(spec);

        Instant before = Instant.now();
        boolean healthy = supervisor.awaitHealthy(spec.id(), Duration.ofSeconds(3));

        assertThat(healthy).isFalse();
        assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(5));
        // It serves (so the check really ran against it and got 503), it just is not healthy.
        assertThat(get(port, "/health").statusCode()).isEqualTo(503);
        InstanceSnapshot snapshot = supervisor.instance(spec.id()).orElseThrow();
        assertThat(snapshot.state()).isEqualTo(InstanceState.STARTING);
        assertThat(snapshot.healthy()).isFalse();
        assertThat(events.kinds(spec.id())).doesNotContain(HEALTHY);
    }

    @Test
    void aSlowStartIsWaitedFor() throws Exception {
        int port = freePort();
        InstanceSpec spec = spec(0, port, Map.of("SAMPLE_STARTUP_MS", "1500"), home);

        Instant launched = Instant.now();
        supervisor.start(spec);

        assertThat(supervisor.awaitHealthy(spec.id(), Duration.ofSeconds(1))).isFalse(); // still in its start-up delay
        assertThat(supervisor.instance(spec.id()).orElseThrow().state()).isEqualTo(InstanceState.STARTING);
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();
        await().atMost(PATIENCE).until(() -> !events.of(spec.id(), HEALTHY).isEmpty());
        Instant healthyAt = events.of(spec.id(), HEALTHY).get(0).time();
        assertThat(Duration.between(launched, healthyAt)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aCrashedLoopIsRestartedOnTheSamePortWithANewPid() throws Exception {
        int port = freePort();
        InstanceSpec spec = spec(0, port, Map.of(), home);
        long firstPid = supervisor.start(spec).pid();
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();

        ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();

        await().atMost(PATIENCE).until(() -> supervisor.instance(spec.id())
                .filter(s -> s.healthy() && s.pid() != firstPid)
                .isPresent());
        InstanceSnapshot restarted = supervisor.instance(spec.id()).orElseThrow();
        assertThat(restarted.restarts()).isEqualTo(1);
        assertThat(restarted.state()).isEqualTo(InstanceState.RUNNING);
        assertThat(get(port, "/x").body()).contains("\"pid\":" + restarted.pid());
        await().atMost(PATIENCE).until(() -> events.kinds(spec.id()).size() >= 6);
        assertThat(events.kinds(spec.id())).containsSubsequence(STARTED, HEALTHY, EXITED, RESTART_SCHEDULED, STARTED, HEALTHY);
        assertThat(events.of(spec.id(), EXITED).get(0).detail()).contains("pid " + firstPid).contains("exited with code");
        assertThat(events.of(spec.id(), STARTED).get(1).instance().pid()).isEqualTo(restarted.pid());
    }

    @Test
    void aLoopCrashingAgainSoonAfterARestartWaitsTwiceAsLong() throws Exception {
        InstanceSpec spec = spec(0, freePort(), Map.of(), home);
        long firstPid = supervisor.start(spec).pid();
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();

        ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();
        await().atMost(PATIENCE).until(() -> supervisor.instance(spec.id())
                .filter(s -> s.healthy() && s.pid() != firstPid)
                .isPresent());
        long secondPid = supervisor.instance(spec.id()).orElseThrow().pid();
        ProcessHandle.of(secondPid).orElseThrow().destroyForcibly();
        await().atMost(PATIENCE).until(() -> events.of(spec.id(), RESTART_SCHEDULED).size() >= 2);

        List<InstanceEvent> scheduled = events.of(spec.id(), RESTART_SCHEDULED);
        assertThat(scheduled.get(0).detail()).contains("restart in 100 ms (crash 1 in a row)");
        assertThat(scheduled.get(1).detail()).contains("restart in 200 ms (crash 2 in a row)");
        await().atMost(PATIENCE).until(() -> supervisor.instance(spec.id())
                .filter(s -> s.healthy() && s.restarts() == 2)
                .isPresent());
    }

    @Test
    void awaitHealthyReturnsFalseAtOnceWhenTheProcessExits() throws Exception {
        int port = freePort();
        // The sample loop refuses a bad port and exits with code 2 right away.
        InstanceSpec spec = spec(0, port,
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                        SampleLoopFixture.sampleJar().toString(), "--port", "not-a-port"),
                Map.of(), home);
        supervisor.start(spec);

        Instant before = Instant.now();
        boolean healthy = supervisor.awaitHealthy(spec.id(), PATIENCE);

        assertThat(healthy).isFalse();
        assertThat(Duration.between(before, Instant.now())).isLessThan(PATIENCE.dividedBy(2));
        await().atMost(PATIENCE).until(() -> events.kinds(spec.id()).contains(RESTART_SCHEDULED));
        assertThat(events.of(spec.id(), EXITED).get(0).detail()).contains("exited with code 2");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS) // SIGSTOP/SIGCONT freeze a process without killing it
    void aFrozenLoopTurnsUnhealthyAndHealthyAgainWhenItResumes() throws Exception {
        int port = freePort();
        InstanceSpec spec = spec(0, port, Map.of(), home);
        long pid = supervisor.start(spec).pid();
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();

        signal("STOP", pid);
        await().atMost(PATIENCE).until(() -> events.kinds(spec.id()).contains(UNHEALTHY));
        assertThat(supervisor.instance(spec.id()).orElseThrow().healthy()).isFalse();
        signal("CONT", pid);

        await().atMost(PATIENCE).until(() -> supervisor.instance(spec.id()).orElseThrow().healthy());
        // Events reach listeners on their own thread, a moment after the state they report.
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(events.kinds(spec.id())).containsSubsequence(HEALTHY, UNHEALTHY, HEALTHY));
        assertThat(events.of(spec.id(), UNHEALTHY).get(0).detail()).contains("2 consecutive failed health checks");
        assertThat(supervisor.instance(spec.id()).orElseThrow().pid()).isEqualTo(pid);
    }

    @Test
    void refusesAPortAnotherProcessListensOn() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = squatter.getLocalPort();
            InstanceSpec spec = spec(0, port, Map.of(), home);

            assertThatThrownBy(() -> supervisor.start(spec))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("port " + port)
                    .hasMessageContaining("x-blue-0");

            assertThat(supervisor.instances()).isEmpty();
            assertThat(supervisor.logFile(spec)).doesNotExist(); // nothing was launched
            assertThat(events.events()).isEmpty();
        }
    }

    @Test
    void refusesASecondInstanceOnThePortOfASupervisedOne() throws Exception {
        int port = freePort();
        supervisor.start(spec(0, port, Map.of(), home));

        assertThatThrownBy(() -> supervisor.start(spec(1, port, Map.of(), home)))
                .isInstanceOf(PortInUseException.class)
                .hasMessageContaining("already belongs to instance x-blue-0");
        assertThat(supervisor.instances()).extracting(s -> s.spec().id()).containsExactly("x-blue-0");
    }

    @Test
    void refusesAnIdThatIsAlreadySupervised() {
        supervisor.start(spec(0, freePort(), Map.of(), home));

        assertThatThrownBy(() -> supervisor.start(spec(0, freePort(), Map.of(), home)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already supervised");
    }

    @Test
    void refusesAnIdThatWouldLeaveTheLogsDirectory() {
        InstanceSpec good = spec(0, freePort(), Map.of(), home);
        InstanceSpec bad = new InstanceSpec("../escape", good.loop(), good.version(), good.slot(), 0, good.port(),
                good.command(), good.environment(), good.workingDir(), good.health());

        assertThatThrownBy(() -> supervisor.start(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("../escape");
        assertThat(supervisor.instances()).isEmpty();
    }

    @Test
    void aCommandThatCannotBeLaunchedIsAClearErrorAndLeavesNothingBehind() {
        InstanceSpec spec = spec(0, freePort(), List.of(home.resolve("no-such-program").toString()), Map.of(), home);

        assertThatThrownBy(() -> supervisor.start(spec))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("cannot launch instance x-blue-0");
        assertThat(supervisor.instances()).isEmpty();
    }

    @Test
    void aFailingListenerDoesNotDisturbSupervision() throws Exception {
        events.failAfterRecording();
        InstanceSpec spec = spec(0, freePort(), Map.of(), home);

        supervisor.start(spec);

        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();
        await().atMost(PATIENCE).until(() -> events.kinds(spec.id()).contains(HEALTHY));
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
