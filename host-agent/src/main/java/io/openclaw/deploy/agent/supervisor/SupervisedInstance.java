package io.openclaw.deploy.agent.supervisor;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * The mutable state of one supervised instance. Every field is guarded by the object's own monitor, which is also what
 * {@link Supervisor#awaitHealthy} waits on: whoever changes the state calls {@code notifyAll()}.
 */
final class SupervisedInstance {
    final InstanceSpec spec;

    /** Current process, null while waiting for a restart or once stopped. */
    ProcessHandle process;
    /** Set when we launched the process ourselves (gives the exit code); null for an adopted one. */
    Process child;
    Instant processStart;
    /** Bumped at each launch/adoption, so that late callbacks of a previous process are ignored. */
    long generation;

    InstanceState state = InstanceState.STARTING;
    boolean healthy;
    int consecutiveFailures;
    int restarts;
    /** Crashes since the instance was last stable; drives the back-off. */
    int crashesInARow;
    Instant launchedAt;
    Instant healthySince;
    boolean slowStartReported;

    Future<?> healthTask;
    Future<?> restartTask;
    /** Completes when a stop that is under way has finished; null until someone stops the instance. */
    CompletableFuture<Void> stopped;

    SupervisedInstance(InstanceSpec spec) {
        this.spec = spec;
    }

    /** The caller holds the monitor. */
    InstanceSnapshot snapshot() {
        return new InstanceSnapshot(spec, process == null ? -1 : process.pid(), processStart, state, healthy, restarts);
    }

    /** The caller holds the monitor. */
    void attach(Process launched, ProcessHandle handle, Instant start, Instant now) {
        child = launched;
        process = handle;
        processStart = start;
        generation++;
        healthy = false;
        consecutiveFailures = 0;
        launchedAt = now;
        healthySince = null;
        slowStartReported = false;
    }

    /** The caller holds the monitor. */
    void cancelTasks() {
        if (healthTask != null) {
            healthTask.cancel(false);
            healthTask = null;
        }
        if (restartTask != null) {
            restartTask.cancel(false);
            restartTask = null;
        }
    }

    boolean isStopping() {
        return state == InstanceState.STOPPING || state == InstanceState.STOPPED;
    }
}
