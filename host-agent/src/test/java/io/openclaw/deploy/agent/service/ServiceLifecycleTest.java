package io.openclaw.deploy.agent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceLifecycleTest {
    private static final ServiceTiming FAST =
            new ServiceTiming(Duration.ofSeconds(3), Duration.ofMillis(20), Duration.ofSeconds(30), Duration.ofSeconds(30));

    private final FakeScm scm = new FakeScm();
    private final RecordingEvents events = new RecordingEvents();
    private final CountDownLatch releaseStart = new CountDownLatch(1);
    private final AtomicInteger closes = new AtomicInteger();
    private CompletableFuture<ServiceExitCode> running;

    @AfterEach
    void unblock() {
        releaseStart.countDown();
    }

    private ServiceLifecycle start(ServiceTiming timing, AgentStarter starter) {
        ServiceLifecycle lifecycle = new ServiceLifecycle(scm, events, timing);
        running = CompletableFuture.supplyAsync(() -> lifecycle.run(starter));
        return lifecycle;
    }

    private AgentStarter agentThatStartsWhenReleased() {
        return () -> {
            releaseStart.await();
            return closes::incrementAndGet;
        };
    }

    private ServiceExitCode exit() throws Exception {
        return running.get(20, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "control {0}")
    @ValueSource(ints = {ServiceControls.SERVICE_CONTROL_STOP, ServiceControls.SERVICE_CONTROL_SHUTDOWN,
        ServiceControls.SERVICE_CONTROL_PRESHUTDOWN})
    void startsServesAndStopsGracefullyOnEachStopControl(int control) throws Exception {
        ServiceLifecycle lifecycle = start(FAST, agentThatStartsWhenReleased());
        await().until(() -> scm.in(ServiceState.START_PENDING).size() >= 3);
        releaseStart.countDown();
        await().until(() -> lifecycle.current().state() == ServiceState.RUNNING);
        assertThat(closes).hasValue(0);

        assertThat(lifecycle.onControl(control)).isEqualTo(ServiceControls.NO_ERROR);

        assertThat(exit()).isEqualTo(ServiceExitCode.OK);
        assertThat(closes).hasValue(1);
        assertThat(scm.states()).containsExactly(ServiceState.START_PENDING, ServiceState.RUNNING,
                ServiceState.STOP_PENDING, ServiceState.STOPPED);
        assertThat(scm.in(ServiceState.RUNNING)).singleElement().satisfies(running -> {
            assertThat(running.controlsAccepted()).isEqualTo(ServiceControls.SERVICE_ACCEPT_STOP
                    | ServiceControls.SERVICE_ACCEPT_SHUTDOWN | ServiceControls.SERVICE_ACCEPT_PRESHUTDOWN);
            assertThat(running.checkPoint()).isZero();
            assertThat(running.waitHintMillis()).isZero();
        });
        assertThat(scm.last()).isEqualTo(new ServiceStatus(ServiceState.STOPPED, 0, 0, 0, 0, 0));
        assertThat(events.entries).hasSize(2);
        assertThat(events.entries.get(0)).startsWith("started: ");
        assertThat(events.entries.get(1)).startsWith("stopped: ");
    }

    @Test
    void startPendingReportsGrowingCheckPointsWithWaitHintAndAcceptsNoControls() throws Exception {
        ServiceLifecycle lifecycle = start(FAST, agentThatStartsWhenReleased());
        await().until(() -> scm.in(ServiceState.START_PENDING).size() >= 4);
        releaseStart.countDown();
        await().until(() -> lifecycle.current().state() == ServiceState.RUNNING);
        lifecycle.onControl(ServiceControls.SERVICE_CONTROL_STOP);
        exit();

        List<ServiceStatus> pending = scm.in(ServiceState.START_PENDING);
        assertThat(pending).extracting(ServiceStatus::checkPoint).startsWith(1, 2, 3, 4).isSorted()
                .doesNotHaveDuplicates();
        assertThat(pending).allSatisfy(s -> {
            assertThat(s.waitHintMillis()).isEqualTo(3000);
            assertThat(s.controlsAccepted()).isZero();
        });
        assertThat(scm.in(ServiceState.STOP_PENDING)).extracting(ServiceStatus::checkPoint).startsWith(1).isSorted()
                .doesNotHaveDuplicates();
    }

    @Test
    void aKnownStartFailureStopsWithItsServiceSpecificCode() throws Exception {
        start(FAST, () -> {
            throw new AgentStarter.StartFailure(ServiceExitCode.INSECURE_SECRETS, "conf/api-token is readable by Users",
                    null);
        });

        assertThat(exit()).isEqualTo(ServiceExitCode.INSECURE_SECRETS);
        assertThat(scm.states()).containsExactly(ServiceState.START_PENDING, ServiceState.STOPPED);
        assertThat(scm.last()).isEqualTo(new ServiceStatus(ServiceState.STOPPED, 0,
                ServiceControls.ERROR_SERVICE_SPECIFIC_ERROR, 11, 0, 0));
        assertThat(events.entries).singleElement().asString().startsWith("failed: ")
                .contains("conf/api-token is readable by Users");
    }

    @Test
    void theEventLogEntriesAreWrittenBeforeStoppedIsReported() throws Exception {
        // Once the SCM has STOPPED the process may be gone: what the administrator is pointed to must be there first.
        List<String> writtenAtStopped = new java.util.concurrent.CopyOnWriteArrayList<>();
        StatusReporter reporter = status -> {
            if (status.state() == ServiceState.STOPPED) {
                writtenAtStopped.addAll(events.entries);
            }
        };

        new ServiceLifecycle(reporter, events, FAST).run(() -> {
            throw new AgentStarter.StartFailure(ServiceExitCode.BAD_HOME, "no agent home at C:\\OpenClaw", null);
        });
        assertThat(writtenAtStopped).singleElement().asString().startsWith("failed: OpenClaw agent failed to start");

        writtenAtStopped.clear();
        events.entries.clear();
        ServiceLifecycle lifecycle = new ServiceLifecycle(reporter, events, FAST);
        CompletableFuture<ServiceExitCode> run = CompletableFuture.supplyAsync(() -> lifecycle.run(() -> () -> {
            throw new IllegalStateException("journal not flushed");
        }));
        await().until(() -> lifecycle.current().state() == ServiceState.RUNNING);
        lifecycle.onControl(ServiceControls.SERVICE_CONTROL_STOP);
        assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo(ServiceExitCode.STOP_FAILED);
        assertThat(writtenAtStopped).hasSize(2);
        assertThat(writtenAtStopped.get(1)).startsWith("failed: OpenClaw agent stopped with errors");
    }

    @Test
    void anUnexpectedStartErrorIsAGenericStartFailure() throws Exception {
        start(FAST, () -> {
            throw new java.net.BindException("Address already in use");
        });

        assertThat(exit()).isEqualTo(ServiceExitCode.START_FAILED);
        assertThat(scm.last().win32ExitCode()).isEqualTo(ServiceControls.ERROR_SERVICE_SPECIFIC_ERROR);
        assertThat(scm.last().serviceExitCode()).isEqualTo(10);
        assertThat(scm.in(ServiceState.RUNNING)).isEmpty();
    }

    @Test
    void anUncleanStopIsReportedAsAFailure() throws Exception {
        ServiceLifecycle lifecycle = start(FAST, () -> () -> {
            throw new IllegalStateException("journal flush failed");
        });
        await().until(() -> lifecycle.current().state() == ServiceState.RUNNING);

        lifecycle.onControl(ServiceControls.SERVICE_CONTROL_STOP);

        assertThat(exit()).isEqualTo(ServiceExitCode.STOP_FAILED);
        assertThat(scm.last().serviceExitCode()).isEqualTo(13);
        assertThat(events.entries).last().asString().startsWith("failed: ");
    }

    @Test
    void aStopRequestedWhileStartingStopsRightAfterTheStartWithoutEverRunning() throws Exception {
        ServiceLifecycle lifecycle = start(FAST, agentThatStartsWhenReleased());
        await().until(() -> !scm.in(ServiceState.START_PENDING).isEmpty());

        lifecycle.requestStop();
        releaseStart.countDown();

        assertThat(exit()).isEqualTo(ServiceExitCode.OK);
        assertThat(closes).hasValue(1);
        assertThat(scm.states()).containsExactly(ServiceState.START_PENDING, ServiceState.STOP_PENDING,
                ServiceState.STOPPED);
    }

    @Test
    void interrogateRepeatsTheStatusAndOtherControlsAreNotImplemented() throws Exception {
        ServiceLifecycle lifecycle = start(FAST, () -> closes::incrementAndGet);
        await().until(() -> lifecycle.current().state() == ServiceState.RUNNING);
        int before = scm.reports().size();

        assertThat(lifecycle.onControl(ServiceControls.SERVICE_CONTROL_INTERROGATE)).isEqualTo(ServiceControls.NO_ERROR);
        assertThat(scm.reports()).hasSize(before + 1);
        assertThat(scm.last().state()).isEqualTo(ServiceState.RUNNING);
        assertThat(lifecycle.onControl(0x2 /* PAUSE */)).isEqualTo(ServiceControls.ERROR_CALL_NOT_IMPLEMENTED);
        assertThat(lifecycle.current().state()).isEqualTo(ServiceState.RUNNING);

        lifecycle.onControl(ServiceControls.SERVICE_CONTROL_STOP);
        assertThat(lifecycle.onControl(ServiceControls.SERVICE_CONTROL_STOP)).isEqualTo(ServiceControls.NO_ERROR);
        assertThat(exit()).isEqualTo(ServiceExitCode.OK);
        assertThat(closes).hasValue(1);
    }

    @Test
    void aHungStartStopsClaimingProgressOnceItsBudgetIsSpent() throws Exception {
        ServiceTiming shortBudget =
                new ServiceTiming(Duration.ofSeconds(3), Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5));
        start(shortBudget, agentThatStartsWhenReleased());
        // 100 ms / 20 ms = 5 ticks: check points 1..6 at most, then silence so the SCM's wait hint runs out.
        await().atMost(Duration.ofSeconds(5)).until(() -> scm.in(ServiceState.START_PENDING).size() >= 6);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> scm.in(ServiceState.START_PENDING).size() == 6);
        assertThat(scm.last().checkPoint()).isEqualTo(6);
    }
}
