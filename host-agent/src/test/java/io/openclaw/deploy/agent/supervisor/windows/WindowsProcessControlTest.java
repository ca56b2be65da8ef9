package io.openclaw.deploy.agent.supervisor.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Windows stop logic, run on Linux against a fake kernel32 and real processes. */
class WindowsProcessControlTest {
    private final List<Process> started = new ArrayList<>();
    private final FakeKernel32 kernel = new FakeKernel32();
    private final WindowsProcessControl control = new WindowsProcessControl(kernel);

    @AfterEach
    void killEverything() {
        started.forEach(Process::destroyForcibly);
    }

    private ProcessHandle sleeper() throws Exception {
        Process p = IdleProcess.start();
        started.add(p);
        return p.toHandle();
    }

    @Test
    void aTrackedLoopGetsAJobNamedAfterItsPidAndStartTime() throws Exception {
        ProcessHandle loop = sleeper();

        control.track(loop);

        Instant start = loop.info().startInstant().orElseThrow();
        assertThat(kernel.created).containsExactly(JobNames.forProcess(loop.pid(), start));
        assertThat(JobNames.forProcess(loop.pid(), start)).startsWith("Local\\OpenClawLoop-" + loop.pid() + "-");
        assertThat(control.trackedJobs()).isEqualTo(1);
    }

    @Test
    void anAdoptedLoopGetsTheJobThePreviousAgentCreated() throws Exception {
        ProcessHandle loop = sleeper();
        String name = JobNames.forProcess(loop.pid(), loop.info().startInstant().orElseThrow());
        FakeKernel32.FakeJob existing = new FakeKernel32.FakeJob(name, loop);
        kernel.existing.put(name, existing);

        control.track(loop);
        control.kill(loop);

        assertThat(kernel.created).isEmpty();
        assertThat(existing.terminated).isTrue();
    }

    @Test
    void killTerminatesTheWholeJob() throws Exception {
        ProcessHandle loop = sleeper();
        control.track(loop);

        control.kill(loop);

        assertThat(kernel.jobs.get(0).terminated).isTrue();
        await().until(() -> !loop.isAlive());
    }

    @Test
    void withoutAJobKillTerminatesTheProcessItself() throws Exception {
        ProcessHandle loop = sleeper();
        kernel.failCreate = true;
        control.track(loop);

        control.kill(loop);

        assertThat(control.trackedJobs()).isZero();
        await().until(() -> !loop.isAlive());
    }

    @Test
    void theJobHandleIsReleasedWhenTheLoopExits() throws Exception {
        ProcessHandle loop = sleeper();
        control.track(loop);

        started.get(0).destroyForcibly();

        await().until(() -> control.trackedJobs() == 0);
        assertThat(kernel.jobs.get(0).closed).isTrue();
        assertThat(kernel.jobs.get(0).terminated).isFalse();
    }

    @Test
    void askingUsesTheConsoleEventAndReportsWhenThereIsNoConsole() throws Exception {
        ProcessHandle loop = sleeper();

        kernel.consoleAnswers = true;
        assertThat(control.askToExit(loop)).isTrue();
        kernel.consoleAnswers = false;
        assertThat(control.askToExit(loop)).isFalse();
        assertThat(kernel.ctrlCSentTo).containsExactly(loop.pid(), loop.pid());
    }

    @Test
    void aJobOutlivesTheAgentThatMadeItAndTheNextAgentReopensItForTheLoopItAdopts() throws Exception {
        ProcessHandle loop = sleeper();
        control.track(loop);

        kernel.agentDied(); // crash or upgrade: every handle the agent held is closed
        WindowsProcessControl next = new WindowsProcessControl(kernel);
        next.track(loop);
        next.kill(loop);

        assertThat(kernel.created).hasSize(1);
        assertThat(kernel.jobs.get(0).terminated).isTrue();
        await().until(() -> !loop.isAlive());
    }

    @Test
    void theNameGoesOnlyWithTheLoop() throws Exception {
        ProcessHandle loop = sleeper();
        control.track(loop);
        String name = kernel.created.get(0);
        kernel.agentDied();
        assertThat(kernel.existing).containsKey(name);

        started.get(0).destroyForcibly();

        await().until(() -> !kernel.existing.containsKey(name));
    }
}
