package io.openclaw.deploy.agent.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.agent.ProcessIdentity;
import io.openclaw.deploy.agent.release.HealthCheck;
import io.openclaw.deploy.agent.release.ShutdownRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The life of a supervised instance as a state machine: the legal paths, and every other step refused. */
class SupervisedInstanceTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ProcessHandle SOME_PROCESS = ProcessHandle.current();
    private static final ProcessIdentity SOME_IDENTITY = new ProcessIdentity(SOME_PROCESS.pid(), T0, null);

    private final SupervisedInstance instance = new SupervisedInstance(new InstanceSpec("gmail-blue-0", "gmail", "1.0.0",
            "blue", 0, 18001, List.of("true"), Map.of(), Path.of("."), HealthCheck.tcp(Duration.ofSeconds(1)),
            ShutdownRequest.NONE));

    @Test
    void launchedThenHealthyThenCrashedThenRelaunchedThenStopped() {
        synchronized (instance) {
            instance.launched(null, SOME_PROCESS, SOME_IDENTITY, T0);
            assertThat(instance.state()).isEqualTo(InstanceState.STARTING);
            assertThat(instance.healthy()).isFalse();

            assertThat(instance.passedHealthCheck(T0.plusSeconds(1))).isTrue();
            assertThat(instance.state()).isEqualTo(InstanceState.RUNNING);
            assertThat(instance.passedHealthCheck(T0.plusSeconds(2))).as("already healthy").isFalse();

            instance.lostHealth();
            assertThat(instance.state()).isEqualTo(InstanceState.RUNNING);
            assertThat(instance.passedHealthCheck(T0.plusSeconds(3))).as("recovered").isTrue();

            long generation = instance.generation;
            instance.exited();
            assertThat(instance.state()).isEqualTo(InstanceState.RESTARTING);
            assertThat(instance.process).isNull();
            assertThat(instance.isWatched(generation)).isFalse();

            instance.launched(null, SOME_PROCESS, SOME_IDENTITY, T0.plusSeconds(4));
            assertThat(instance.state()).isEqualTo(InstanceState.STARTING);
            assertThat(instance.generation).isEqualTo(generation + 1);
            assertThat(instance.isWatched(generation + 1)).isTrue();

            instance.stopping();
            assertThat(instance.isStopping()).isTrue();
            instance.stopCompleted();
            assertThat(instance.state()).isEqualTo(InstanceState.STOPPED);
            assertThat(instance.snapshot().pid()).isEqualTo(-1);
        }
    }

    @Test
    void anAdoptedInstanceIsRunningAndHealthyAtOnce() {
        synchronized (instance) {
            instance.adopted(SOME_PROCESS, SOME_IDENTITY, T0);
            assertThat(instance.state()).isEqualTo(InstanceState.RUNNING);
            assertThat(instance.healthy()).isTrue();
            assertThat(instance.healthySince).isEqualTo(T0);
        }
    }

    @Test
    void aWaitingRestartCanBeStopped() {
        synchronized (instance) {
            instance.launched(null, SOME_PROCESS, SOME_IDENTITY, T0);
            instance.exited();
            instance.stopping();
            assertThat(instance.state()).isEqualTo(InstanceState.STOPPING);
        }
    }

    @Test
    void aRunningInstanceIsNotLaunchedAgain() {
        synchronized (instance) {
            instance.launched(null, SOME_PROCESS, SOME_IDENTITY, T0);
            instance.passedHealthCheck(T0);
            assertThatThrownBy(() -> {
                synchronized (instance) {
                    instance.launched(null, SOME_PROCESS, SOME_IDENTITY, T0);
                }
            }).isInstanceOf(IllegalStateException.class).hasMessage("instance gmail-blue-0: no transition from RUNNING to STARTING");
            assertThatThrownBy(() -> {
                synchronized (instance) {
                    instance.adopted(SOME_PROCESS, SOME_IDENTITY, T0);
                }
            }).hasMessage(
                    "instance gmail-blue-0: no transition from RUNNING to RUNNING");
        }
    }

    @Test
    void aStoppedInstanceStaysStopped() {
        synchronized (instance) {
            instance.launched(null, SOME_PROCESS, SOME_IDENTITY, T0);
            instance.stopping();
            assertThatThrownBy(() -> {
                synchronized (instance) {
                    instance.stopping();
                }
            }).hasMessage(
                    "instance gmail-blue-0: no transition from STOPPING to STOPPING");
            assertThatThrownBy(() -> {
                synchronized (instance) {
                    instance.exited();
                }
            }).hasMessage(
                    "instance gmail-blue-0: no transition from STOPPING to RESTARTING");
            assertThatThrownBy(() -> {
                synchronized (instance) {
                    instance.passedHealthCheck(T0);
                }
            }).hasMessage(
                    "instance gmail-blue-0: no transition from STOPPING to RUNNING");
            instance.stopCompleted();
            assertThatThrownBy(() -> {
                synchronized (instance) {
                    instance.launched(null, SOME_PROCESS, SOME_IDENTITY, T0);
                }
            }).hasMessage(
                    "instance gmail-blue-0: no transition from STOPPED to STARTING");
            assertThatThrownBy(() -> {
                synchronized (instance) {
                    instance.stopCompleted();
                }
            }).hasMessage(
                    "instance gmail-blue-0: no transition from STOPPED to STOPPED");
        }
    }

    @Test
    void aNewInstanceHasNoProcessToLoseOrStop() {
        synchronized (instance) {
            assertThatThrownBy(() -> {
                synchronized (instance) {
                    instance.exited();
                }
            }).hasMessage(
                    "instance gmail-blue-0: no transition from STARTING (never launched) to RESTARTING");
            assertThatThrownBy(() -> {
                synchronized (instance) {
                    instance.stopCompleted();
                }
            }).hasMessage(
                    "instance gmail-blue-0: no transition from STARTING (never launched) to STOPPED");
        }
    }
}
