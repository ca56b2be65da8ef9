package io.openclaw.deploy.agent.supervisor;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.openclaw.deploy.agent.ProcessIdentity;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * One supervised instance and the state machine of its life:
 *
 * <pre>
 *   (new) ──launched──▶ STARTING ──passedHealthCheck──▶ RUNNING
 *   (new) ──adopted──────────────────────────────────▶ RUNNING
 *   STARTING, RUNNING ──exited──▶ RESTARTING ──launched──▶ STARTING
 *   STARTING, RUNNING, RESTARTING ──stopping──▶ STOPPING ──stopCompleted──▶ STOPPED
 * </pre>
 *
 * <p>Each transition is a method that checks the state it starts from and throws {@link IllegalStateException}
 * (naming both states) otherwise: a supervisor bug then fails loudly instead of, say, relaunching a stopped instance.
 * Every field is guarded by the object's own monitor, which is also what {@link Supervisor#awaitHealthy} waits on:
 * whoever changes the state calls {@code notifyAll()}.
 */
final class SupervisedInstance {
    final InstanceSpec spec;

    @GuardedBy("this")
    private InstanceState state = InstanceState.STARTING;
    /** Whether a process was ever launched or adopted: a new instance is STARTING before it has one. */
    @GuardedBy("this")
    private boolean attachedOnce;
    @GuardedBy("this")
    private boolean healthy;

    /** Current process, null while waiting for a restart or once stopped. */
    @GuardedBy("this")
    ProcessHandle process;
    /** Set when we launched the process ourselves (gives the exit code); null for an adopted one. */
    @GuardedBy("this")
    Process child;
    @GuardedBy("this")
    ProcessIdentity processIdentity;
    /** Bumped at each launch/adoption, so that late callbacks of a previous process are ignored. */
    @GuardedBy("this")
    long generation;

    @GuardedBy("this")
    int consecutiveFailures;
    @GuardedBy("this")
    int restarts;
    /** Crashes since the instance was last stable; drives the back-off. */
    @GuardedBy("this")
    int crashesInARow;
    @GuardedBy("this")
    Instant launchedAt;
    @GuardedBy("this")
    Instant healthySince;
    @GuardedBy("this")
    boolean slowStartReported;

    @GuardedBy("this")
    Future<?> healthTask;
    @GuardedBy("this")
    Future<?> restartTask;
    /** Completes when a stop that is under way has finished; null until someone stops the instance. */
    @GuardedBy("this")
    CompletableFuture<Void> stopped;

    SupervisedInstance(InstanceSpec spec) {
        this.spec = spec;
    }

    // ---- transitions ------------------------------------------------------------------------------------------

    /** A process of ours was launched for the instance: the first one, or the next after an unexpected exit. */
    @GuardedBy("this")
    void launched(Process launched, ProcessHandle handle, ProcessIdentity identity, Instant now) {
        if (state != InstanceState.RESTARTING && attachedOnce) {
            throw illegal(InstanceState.STARTING);
        }
        attach(launched, handle, identity, now);
        state = InstanceState.STARTING;
    }

    /** A process an earlier agent left running became this new instance, healthy. */
    @GuardedBy("this")
    void adopted(ProcessHandle handle, ProcessIdentity identity, Instant now) {
        if (attachedOnce) {
            throw illegal(InstanceState.RUNNING);
        }
        attach(null, handle, identity, now);
        state = InstanceState.RUNNING;
        healthy = true;
        healthySince = now;
    }

    /**
     * A health check passed.
     *
     * @return whether the instance just became healthy (it was starting, or running but unhealthy)
     */
    @GuardedBy("this")
    boolean passedHealthCheck(Instant now) {
        move(InstanceState.RUNNING, EnumSet.of(InstanceState.STARTING, InstanceState.RUNNING));
        consecutiveFailures = 0;
        if (healthy) {
            return false;
        }
        healthy = true;
        healthySince = now;
        return true;
    }

    /** Enough health checks failed in a row: the instance stays RUNNING (it may recover) but takes no traffic. */
    @GuardedBy("this")
    void lostHealth() {
        healthy = false;
        healthySince = null;
    }

    /** The process exited without being asked to: the instance waits for its restart. */
    @GuardedBy("this")
    void exited() {
        if (!attachedOnce) {
            throw illegal(InstanceState.RESTARTING);
        }
        move(InstanceState.RESTARTING, EnumSet.of(InstanceState.STARTING, InstanceState.RUNNING));
        process = null;
        child = null;
        processIdentity = null;
        healthy = false;
        healthySince = null;
        cancelTasks();
    }

    /** Someone asked for the instance to stop; the process is being stopped. */
    @GuardedBy("this")
    void stopping() {
        move(InstanceState.STOPPING,
                EnumSet.of(InstanceState.STARTING, InstanceState.RUNNING, InstanceState.RESTARTING));
        healthy = false;
        cancelTasks();
    }

    /** The process is gone, on purpose. */
    @GuardedBy("this")
    void stopCompleted() {
        move(InstanceState.STOPPED, EnumSet.of(InstanceState.STOPPING));
        process = null;
        child = null;
    }

    // ---- reading ----------------------------------------------------------------------------------------------

    @GuardedBy("this")
    InstanceState state() {
        return state;
    }

    @GuardedBy("this")
    boolean healthy() {
        return healthy;
    }

    @GuardedBy("this")
    boolean isStopping() {
        return state == InstanceState.STOPPING || state == InstanceState.STOPPED;
    }

    /** Whether health checks of this process generation still matter: it is the current one and not stopping. */
    @GuardedBy("this")
    boolean isWatched(long checkedGeneration) {
        return generation == checkedGeneration
                && (state == InstanceState.STARTING || state == InstanceState.RUNNING);
    }

    @GuardedBy("this")
    InstanceSnapshot snapshot() {
        return new InstanceSnapshot(spec, process == null ? null : processIdentity, state, healthy, restarts);
    }

    @GuardedBy("this")
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

    // ---- inside -----------------------------------------------------------------------------------------------

    @GuardedBy("this")
    private void attach(Process launched, ProcessHandle handle, ProcessIdentity identity, Instant now) {
        attachedOnce = true;
        child = launched;
        process = handle;
        processIdentity = identity;
        generation++;
        healthy = false;
        consecutiveFailures = 0;
        launchedAt = now;
        healthySince = null;
        slowStartReported = false;
    }

    @GuardedBy("this")
    private void move(InstanceState to, Set<InstanceState> from) {
        if (!from.contains(state)) {
            throw illegal(to);
        }
        state = to;
    }

    @GuardedBy("this")
    private IllegalStateException illegal(InstanceState to) {
        return new IllegalStateException("instance " + spec.id() + ": no transition from " + state
                + (attachedOnce ? "" : " (never launched)") + " to " + to);
    }
}
