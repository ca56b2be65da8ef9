package io.openclaw.deploy.agent.supervisor;

import static io.openclaw.deploy.agent.supervisor.InstanceEvent.Kind.ADOPTED;
import static io.openclaw.deploy.agent.supervisor.InstanceEvent.Kind.EXITED;
import static io.openclaw.deploy.agent.supervisor.InstanceEvent.Kind.HEALTHY;
import static io.openclaw.deploy.agent.supervisor.InstanceEvent.Kind.RESTART_SCHEDULED;
import static io.openclaw.deploy.agent.supervisor.InstanceEvent.Kind.STARTED;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.freePort;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.javaCommand;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.settings;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.ProcessIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adoption of loops an earlier agent process left running. The test plays that earlier agent: it launches the loop
 * itself with a plain ProcessBuilder, output into the same log file, and hands pid and start time to a fresh supervisor.
 */
class SupervisorAdoptionTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path home;

    private final EventRecorder events = new EventRecorder();
    private final List<ProcessHandle> seen = new ArrayList<>();
    private final HealthProbe probe = new HealthProbe(Duration.ofSeconds(1));
    private Supervisor supervisor;

    @BeforeEach
    void createSupervisor() {
        supervisor = new Supervisor(settings(), home.resolve("logs"), events);
    }

    @AfterEach
    void cleanUp() {
        supervisor.close();
        seen.forEach(SampleLoopFixture::killTree);
    }

    @Test
    void adoptsAHealthyLoopAndRestartsItWhenItLaterDies() throws Exception {
        InstanceSpec spec = spec(0, freePort(), Map.of(), home);
        ProcessHandle orphan = healthyFromAnEarlierAgent(spec);

        Optional<InstanceSnapshot> adopted = supervisor.adopt(spec, ProcessIdentity.of(orphan));

        assertThat(adopted).isPresent();
        assertThat(adopted.get().pid()).isEqualTo(orphan.pid());
        assertThat(adopted.get().state()).isEqualTo(InstanceState.RUNNING);
        assertThat(adopted.get().healthy()).isTrue();
        assertThat(supervisor.awaitHealthy(spec.id(), Duration.ofSeconds(1))).isTrue();
        await().atMost(PATIENCE).until(() -> events.kinds(spec.id()).contains(ADOPTED));
        assertThat(orphan.isAlive()).isTrue();

        orphan.destroyForcibly();

        await().atMost(PATIENCE).until(() -> supervisor.instance(spec.id())
                .filter(s -> s.healthy() && s.pid() != orphan.pid())
                .isPresent());
        long newPid = supervisor.instance(spec.id()).orElseThrow().pid();
        seen.add(ProcessHandle.of(newPid).orElseThrow());
        assertThat(events.kinds(spec.id())).containsSubsequence(ADOPTED, EXITED, RESTART_SCHEDULED, STARTED, HEALTHY);
        assertThat(events.of(spec.id(), EXITED).get(0).detail()).contains("unknown code (adopted)");
        assertThat(supervisor.instance(spec.id()).orElseThrow().restarts()).isEqualTo(1);
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS,
            disabledReason = "ProcessHandleControl cannot ask a process to exit on Windows (no SIGTERM), it kills "
                    + "at once: no shutdown hook runs; the HTTP stop on Windows is in "
                    + "SupervisorHttpShutdownTest")
    void anAdoptedLoopIsStoppedLikeAnyOther() throws Exception {
        InstanceSpec spec = spec(0, freePort(), Map.of(), home);
        ProcessHandle orphan = healthyFromAnEarlierAgent(spec);
        assertThat(supervisor.adopt(spec, ProcessIdentity.of(orphan))).isPresent();

        supervisor.stop(spec.id());

        assertThat(orphan.isAlive()).isFalse();
        assertThat(supervisor.instances()).isEmpty();
        assertThat(Files.readString(supervisor.logFile(spec))).contains("stopping"); // asked, not killed
    }

    @Test
    void refusesAProcessWithAnotherStartTimeAndLeavesItAlone() throws Exception {
        InstanceSpec spec = spec(0, freePort(), Map.of(), home);
        ProcessHandle stranger = healthyFromAnEarlierAgent(spec);
        // As journaled by an agent of a version that had no boot ticks, or on Windows: the start time decides.
        Instant start = stranger.info().startInstant().orElseThrow().minus(Duration.ofMinutes(5));

        Optional<InstanceSnapshot> adopted = supervisor.adopt(spec, new ProcessIdentity(stranger.pid(), start, null));

        assertThat(adopted).isEmpty();
        assertThat(supervisor.instances()).isEmpty();
        assertThat(stranger.isAlive()).isTrue(); // not ours: never touched
        assertThat(events.events()).isEmpty();
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "boot ticks come from /proc")
    void refusesAProcessThatStartedAtAnotherTickSinceBootAtTheSameTime() throws Exception {
        InstanceSpec spec = spec(0, freePort(), Map.of(), home);
        ProcessHandle stranger = healthyFromAnEarlierAgent(spec);
        ProcessIdentity now = ProcessIdentity.of(stranger);
        String bootId = now.bootTicks().substring(0, now.bootTicks().indexOf('/'));
        ProcessIdentity journaled = new ProcessIdentity(stranger.pid(), now.start(), bootId + "/1");

        assertThat(supervisor.adopt(spec, journaled)).isEmpty();

        assertThat(stranger.isAlive()).isTrue();
        assertThat(events.events()).isEmpty();
    }

    /**
     * On Linux the JDK derives a process' start time from the boot time by the wall clock: a clock set by 4 s (an NTP
     * step) between a loop's launch and an agent restart shows the new agent a start 4 s away from the journaled one.
     * Before boot ticks decided, the agent took its own loop for a stranger and launched another on the port it held.
     */
    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "boot ticks come from /proc")
    void adoptsItsLoopWhenTheClockWasSetSinceItsLaunch() throws Exception {
        InstanceSpec spec = spec(0, freePort(), Map.of(), home);
        ProcessHandle orphan = healthyFromAnEarlierAgent(spec);
        ProcessIdentity launched = ProcessIdentity.of(orphan);
        ProcessIdentity journaled = new ProcessIdentity(orphan.pid(), launched.start().plusSeconds(4),
                launched.bootTicks());

        Optional<InstanceSnapshot> adopted = supervisor.adopt(spec, journaled);

        assertThat(adopted).isPresent();
        assertThat(adopted.get().pid()).isEqualTo(orphan.pid());
        assertThat(adopted.get().process().bootTicks()).isEqualTo(launched.bootTicks());
    }

    @Test
    void refusesAPidThatIsNoLongerRunning() throws Exception {
        InstanceSpec spec = spec(0, freePort(), Map.of(), home);
        ProcessHandle gone = launchAsAnEarlierAgent(spec, Map.of());
        Instant start = gone.info().startInstant().orElseThrow();
        gone.destroyForcibly();
        gone.onExit().get();

        assertThat(supervisor.adopt(spec, new ProcessIdentity(gone.pid(), start, null))).isEmpty();

        assertThat(supervisor.instances()).isEmpty();
        assertThat(events.events()).isEmpty();
        // The port is free again, so the caller can start the loop anew.
        supervisor.start(spec);
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();
    }

    @Test
    void stopsAMatchingProcessThatIsUnhealthyAndANewInstanceOnItsPortWaitsForThat() throws Exception {
        InstanceSpec spec = spec(0, freePort(), Map.of(), home);
        ProcessHandle sick = launchAsAnEarlierAgent(spec, Map.of("SAMPLE_FAIL_HEALTH", "true"));
        awaitServing(spec, false);

        Optional<InstanceSnapshot> adopted = supervisor.adopt(spec, ProcessIdentity.of(sick));

        assertThat(adopted).isEmpty();
        assertThat(supervisor.instances()).isEmpty();
        // The stop runs in the background (the agent's start does not wait for it); a launch on its port does.
        supervisor.start(spec);
        assertThat(sick.isAlive()).isFalse();
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();
    }

    /** A restart in the middle of a deployment: its leftovers exit once the agent's start is over, not during it. */
    @Test
    void aDiscardedProcessKeepsRunningWhileStopsAreHeldAndIsStoppedOnceReleased() throws Exception {
        InstanceSpec spec = spec(0, freePort(), Map.of(), home);
        ProcessHandle leftover = healthyFromAnEarlierAgent(spec);
        Runnable release = supervisor.holdRejectedStops(Duration.ofMinutes(10));

        supervisor.discard(spec, ProcessIdentity.of(leftover));

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(leftover::isAlive);
        release.run();
        await().atMost(PATIENCE).until(() -> !leftover.isAlive());
        assertThat(Files.readString(supervisor.logFile(spec))).contains("stopping"); // asked, not killed
    }

    @Test
    void aLaunchOnTheHeldBackProcessPortStopsItAtOnce() throws Exception {
        InstanceSpec spec = spec(0, freePort(), Map.of(), home);
        ProcessHandle leftover = healthyFromAnEarlierAgent(spec);
        supervisor.holdRejectedStops(Duration.ofMinutes(10));
        supervisor.discard(spec, ProcessIdentity.of(leftover));

        supervisor.start(spec);

        assertThat(leftover.isAlive()).isFalse();
        assertThat(supervisor.awaitHealthy(spec.id(), PATIENCE)).isTrue();
        seen.add(ProcessHandle.of(supervisor.instance(spec.id()).orElseThrow().pid()).orElseThrow());
    }

    @Test
    void refusesToAdoptOntoAPortASupervisedInstanceOwns() throws Exception {
        int port = freePort();
        supervisor.start(spec(0, port, Map.of(), home));
        InstanceSpec other = spec(1, port, Map.of(), home);

        assertThatThrownBy(() -> supervisor.adopt(other, ProcessIdentity.of(ProcessHandle.current())))
                .isInstanceOf(PortInUseException.class);
        assertThat(supervisor.instances()).hasSize(1);
    }

    /** A loop an earlier agent launched, once it answers its health check. */
    private ProcessHandle healthyFromAnEarlierAgent(InstanceSpec spec) throws IOException {
        ProcessHandle process = launchAsAnEarlierAgent(spec, Map.of());
        awaitServing(spec, true);
        return process;
    }

    /** What an earlier agent did: the same command, output appended to the instance's log file. */
    private ProcessHandle launchAsAnEarlierAgent(InstanceSpec spec, Map<String, String> env) throws IOException {
        Path log = supervisor.logFile(spec);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(javaCommand(spec.port()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        ProcessHandle handle = builder.start().toHandle();
        seen.add(handle);
        return handle;
    }

    /** Waits until the loop answers on its port, healthy or (with SAMPLE_FAIL_HEALTH) with a 503. */
    private void awaitServing(InstanceSpec spec, boolean healthy) {
        if (healthy) {
            await().atMost(PATIENCE).until(() -> probe.check(spec.port(), spec.health()));
        } else {
            await().atMost(PATIENCE).until(() -> probe.check(spec.port(), null)); // TCP: listening
            assertThat(probe.check(spec.port(), spec.health())).isFalse();
        }
    }
}
