package io.openclaw.deploy.agent.supervisor;

import io.openclaw.deploy.agent.ProcessIdentity;
import io.openclaw.deploy.agent.config.AgentConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs loop instances as real OS processes: launches them, checks their health, restarts crashed ones with back-off,
 * stops them gracefully, and adopts the ones a previous agent process left running.
 *
 * <p>Threads: a small timer schedules health checks, restarts and log rotation; the (blocking) checks, exit handling
 * and relaunches run on a worker pool; listener events are delivered, in order, on one dedicated thread. The state of
 * each instance is guarded by its own monitor. See {@code docs/supervisor.md}.
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    /** Health poll period while an instance is starting: loops come up in well under a second. */
    static final Duration STARTING_POLL = Duration.ofMillis(50);
    /** How often logs of running instances are checked against the size limit. */
    static final Duration LOG_ROTATION_PERIOD = Duration.ofSeconds(5);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    /** Pause between the health attempts made before adopting a process. */
    private static final Duration ADOPTION_RETRY_PAUSE = Duration.ofMillis(200);

    private final AgentConfig.Supervision settings;
    private final SupervisorListener listener;
    private final ProcessControl control;
    private final ProcessTreeStopper stopper;
    private final ProcessLauncher launcher;
    private final LogRotator rotator;
    private final HealthProbe probe;
    private final PortOwnership ownership;
    private final RestartBackoff backoff;
    private final ConcurrentMap<String, SupervisedInstance> instances = new ConcurrentHashMap<>();
    /**
     * Stops of processes an adoption found but did not take (unhealthy, mostly the half-started instances of a
     * deployment the agent died in). The agent's start does not wait for a graceful stop of a second or more; they
     * begin once it is over ({@link #holdRejectedStops}), and a launch waits for them, as they may still hold its port.
     */
    private final ConcurrentMap<String, CompletableFuture<?>> rejectedStops = new ConcurrentHashMap<>();
    /** Completes when the {@link #rejectedStops} may begin: see {@link #holdRejectedStops}. */
    private volatile CompletableFuture<Void> rejectedStopsMayBegin = CompletableFuture.completedFuture(null);
    /** Told of every process right after its launch, on the launching thread (see {@link #noteLaunchesWith}). */
    private volatile BiConsumer<InstanceSpec, ProcessHandle> launchNotes = (spec, process) -> { };
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private final ExecutorService events;
    private volatile boolean closed;

    public Supervisor(AgentConfig.Supervision settings, Path logsDir, SupervisorListener listener) {
        this(settings, logsDir, listener, new ProcessHandleControl());
    }

    /** @param control how processes are asked to exit and killed on this platform */
    public Supervisor(
            AgentConfig.Supervision settings, Path logsDir, SupervisorListener listener, ProcessControl control) {
        this(settings, logsDir, listener, control, LOG_ROTATION_PERIOD);
    }

    /** @param logRotationPeriod how often running instances' logs are checked against the size limit */
    Supervisor(
            AgentConfig.Supervision settings,
            Path logsDir,
            SupervisorListener listener,
            ProcessControl control,
            Duration logRotationPeriod) {
        this(settings, logsDir, listener, control, logRotationPeriod, PortOwnership.forThisSystem());
    }

    /** @param ownership tells whether the instance itself listens on its port (a foreign process fails the check) */
    Supervisor(
            AgentConfig.Supervision settings,
            Path logsDir,
            SupervisorListener listener,
            ProcessControl control,
            Duration logRotationPeriod,
            PortOwnership ownership) {
        this.ownership = Objects.requireNonNull(ownership, "ownership");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.control = Objects.requireNonNull(control, "control");
        requirePositive(settings.healthInterval(), "health interval");
        requirePositive(settings.healthTimeout(), "health timeout");
        requirePositive(settings.stopTimeout(), "stop timeout");
        requirePositive(settings.startTimeout(), "start timeout");
        requirePositive(logRotationPeriod, "log rotation period");
        if (settings.failureThreshold() < 1) {
            throw new IllegalArgumentException("failure threshold must be at least 1, got " + settings.failureThreshold());
        }
        this.backoff = new RestartBackoff(settings.restartBackoffInitial(), settings.restartBackoffMax());
        this.rotator = new LogRotator(settings.logMaxBytes(), settings.logKeepFiles());
        this.launcher = new ProcessLauncher(Objects.requireNonNull(logsDir, "logsDir"), control::launchCommand);
        this.stopper = new ProcessTreeStopper(control);
        this.probe = new HealthProbe(settings.healthTimeout());
        this.timer = Executors.newScheduledThreadPool(2, daemonThreads("supervisor-timer"));
        this.workers = Executors.newCachedThreadPool(daemonThreads("supervisor-worker"));
        this.events = Executors.newSingleThreadExecutor(daemonThreads("supervisor-events"));
        long period = logRotationPeriod.toMillis();
        timer.scheduleWithFixedDelay(this::rotateAllLogs, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Has {@code notes} told of every process this supervisor launches, at once and on the launching thread: before
     * anything else happens to it, so that the owner can note it somewhere an agent killed a moment later leaves it
     * (the fleet's journal). Failures of {@code notes} are its own to handle.
     */
    public void noteLaunchesWith(BiConsumer<InstanceSpec, ProcessHandle> notes) {
        this.launchNotes = Objects.requireNonNull(notes, "notes");
    }

    /** Where the instance's stdout and stderr go: {@code <logsDir>/<loop>/<instanceId>.log}. */
    public Path logFile(InstanceSpec spec) {
        return launcher.logFile(spec);
    }

    /**
     * Launches the instance and returns at once; health is watched from then on.
     *
     * @throws PortInUseException       if the port is held by another process or another supervised instance
     * @throws IllegalStateException    if an instance with that id is already supervised, or after {@link #close()}
     * @throws UncheckedIOException     if the process cannot be launched (e.g. the command does not exist)
     */
    public InstanceSnapshot start(InstanceSpec spec) {
        requireOpen();
        validate(spec);
        SupervisedInstance instance = new SupervisedInstance(spec);
        synchronized (instance) {
            claim(instance);
            try {
                awaitRejectedStops();
                requirePortFree(spec);
                launch(instance);
            } catch (IOException e) {
                instances.remove(spec.id(), instance);
                throw new UncheckedIOException("cannot launch instance " + spec.id() + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                instances.remove(spec.id(), instance);
                throw e;
            }
            emit(instance, InstanceEvent.Kind.STARTED, "pid " + instance.process.pid() + " on port " + spec.port());
            scheduleHealthCheck(instance, Duration.ZERO);
            return instance.snapshot();
        }
    }

    /**
     * Waits until the instance passes its health check.
     *
     * @return false if it exited, was stopped, is not supervised, or did not become healthy within {@code timeout}
     */
    public boolean awaitHealthy(String instanceId, Duration timeout) throws InterruptedException {
        SupervisedInstance instance = instances.get(instanceId);
        if (instance == null) {
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (instance) {
            while (true) {
                if (instance.healthy()) {
                    return true;
                }
                if (instance.state() != InstanceState.STARTING && instance.state() != InstanceState.RUNNING) {
                    return false; // exited (waiting for a restart) or being stopped
                }
                long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMillis <= 0) {
                    return false;
                }
                instance.wait(remainingMillis);
            }
        }
    }

    /**
     * Takes over a process started by an earlier agent, if it is still the same process (see
     * {@link ProcessIdentity#isSameProcessAs}), still on its port and healthy. Otherwise nothing is adopted (and a
     * process that is ours but unhealthy is stopped, tree and all, in the background: see {@link #rejectedStops}). An
     * adopted instance is watched and restarted like any other; a restart launches a normal child of this agent.
     */
    public Optional<InstanceSnapshot> adopt(InstanceSpec spec, ProcessIdentity journaled) {
        requireOpen();
        validate(spec);
        Objects.requireNonNull(journaled, "journaled");
        requireUnclaimed(spec);
        // The checks run before the instance is registered, so that status readers never wait on a slow health check.
        Optional<ProcessHandle> process = sameProcess(spec, journaled, "adopting");
        if (process.isEmpty()) {
            return Optional.empty();
        }
        long pid = journaled.pid();
        if (!healthyBeforeAdoption(spec, process.get())) {
            log.warn("not adopting {}: pid {} fails its health check on port {}; stopping it", spec.id(), pid, spec.port());
            stopInBackground(spec, process.get());
            return Optional.empty();
        }
        control.track(process.get());
        SupervisedInstance instance = new SupervisedInstance(spec);
        synchronized (instance) {
            claim(instance);
            // Recorded as this agent sees it, so that the journal it writes next matches a later agent's view too.
            instance.adopted(process.get(), ProcessIdentity.of(process.get()), Instant.now());
            watchExit(instance, process.get().onExit());
            emit(instance, InstanceEvent.Kind.ADOPTED, "pid " + pid + " healthy on port " + spec.port());
            scheduleHealthCheck(instance, settings.healthInterval());
            log.info("adopted {}: pid {} on port {}", spec.id(), pid, spec.port());
            return Optional.of(instance.snapshot());
        }
    }

    /**
     * Stops, in the background (see {@link #rejectedStops}), a process an earlier agent started for an instance that
     * is not wanted any more (one the deployment that agent died in had started and not routed), if it is still that
     * process; without the health checks an adoption would spend on it. Returns at once.
     */
    public void discard(InstanceSpec spec, ProcessIdentity journaled) {
        requireOpen();
        validate(spec);
        Objects.requireNonNull(journaled, "journaled");
        sameProcess(spec, journaled, "keeping").ifPresent(process -> {
            log.info("not keeping {}: pid {} belongs to a deployment that was interrupted; stopping it", spec.id(),
                    journaled.pid());
            stopInBackground(spec, process);
        });
    }

    /** The process, if it runs and is the one journaled (see {@link ProcessIdentity#isSameProcessAs}). */
    private Optional<ProcessHandle> sameProcess(InstanceSpec spec, ProcessIdentity journaled, String doing) {
        Optional<ProcessHandle> process = ProcessHandle.of(journaled.pid()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            log.info("not {} {}: pid {} is not running", doing, spec.id(), journaled.pid());
            return Optional.empty();
        }
        if (!journaled.isSameProcessAs(process.get())) {
            ProcessIdentity actual = ProcessIdentity.of(process.get());
            log.info("not {} {}: pid {} started at {} ({}), not {} ({}) as journaled: a different process", doing,
                    spec.id(), journaled.pid(), actual.start(), actual.bootTicks(), journaled.start(),
                    journaled.bootTicks());
            return Optional.empty();
        }
        return process;
    }

    private void stopInBackground(InstanceSpec spec, ProcessHandle process) {
        CompletableFuture<Void> stop = new CompletableFuture<>();
        rejectedStops.put(spec.id(), stop); // before the stop can end, so that its end always removes it
        rejectedStopsMayBegin.thenRun(() -> workers.execute(() -> {
            try {
                stopQuietly(spec, process);
            } finally {
                rejectedStops.remove(spec.id());
                stop.complete(null);
            }
        }));
    }

    /**
     * Holds back the stops of the processes adoptions reject ({@link #discard}, and unhealthy ones) until the
     * returned release runs, {@code atMost} has passed, or a launch or the supervisor's end needs them gone. An agent
     * restarting in the middle of a deployment rejects that deployment's new instances, up to sixteen JVMs whose
     * graceful exits would otherwise take the CPU its own start needs (issue 12: back in control within 2 s); nothing
     * routes to them meanwhile.
     */
    public Runnable holdRejectedStops(Duration atMost) {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        gate.completeOnTimeout(null, atMost.toMillis(), TimeUnit.MILLISECONDS);
        rejectedStopsMayBegin = gate;
        return () -> gate.complete(null);
    }

    /**
     * Stops the instance: asks the process to exit, waits up to the stop timeout, then kills its whole process tree.
     * Returns when it is gone. The caller drains traffic first. Stopping an instance that is not (or no longer)
     * supervised does nothing; concurrent stops of one instance all return when it is gone.
     */
    public void stop(String instanceId) {
        SupervisedInstance instance = instances.get(instanceId);
        if (instance == null) {
            return;
        }
        CompletableFuture<Void> done;
        ProcessHandle process;
        boolean first = false;
        synchronized (instance) {
            if (instance.stopped == null) {
                instance.stopped = new CompletableFuture<>();
                instance.stopping();
                instance.notifyAll();
                first = true;
            }
            done = instance.stopped;
            process = instance.process;
        }
        if (!first) {
            done.join();
            return;
        }
        try {
            String detail = process == null ? "no process was running" : stopProcess(instance, process);
            synchronized (instance) {
                instance.stopCompleted();
                instance.notifyAll();
                emit(instance, InstanceEvent.Kind.STOPPED, detail);
            }
        } finally {
            instances.remove(instanceId, instance);
            done.complete(null);
        }
    }

    public Optional<InstanceSnapshot> instance(String instanceId) {
        SupervisedInstance instance = instances.get(instanceId);
        if (instance == null) {
            return Optional.empty();
        }
        synchronized (instance) {
            return Optional.of(instance.snapshot());
        }
    }

    public List<InstanceSnapshot> instances() {
        List<InstanceSnapshot> snapshots = new ArrayList<>();
        for (SupervisedInstance instance : instances.values()) {
            synchronized (instance) {
                snapshots.add(instance.snapshot());
            }
        }
        snapshots.sort(Comparator.comparing(s -> s.spec().id()));
        return List.copyOf(snapshots);
    }

    /**
     * Ends the supervisor's threads and leaves every instance running, unsupervised, for the next agent to adopt (the
     * agent stops, OpenClaw keeps serving). No event is delivered after this.
     */
    public void detach() {
        if (closed) {
            return;
        }
        closed = true;
        // A process no agent would adopt again must not be left behind half-stopped: its stop ends first.
        awaitRejectedStops();
        timer.shutdownNow();
        workers.shutdownNow();
        events.shutdownNow();
    }

    /** Stops every instance gracefully (in parallel), delivers the last events and ends the supervisor's threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        awaitRejectedStops();
        // A start racing with close may register one more instance: loop until none is left.
        while (!instances.isEmpty()) {
            List<CompletableFuture<Void>> stops = new ArrayList<>();
            for (String id : List.copyOf(instances.keySet())) {
                stops.add(CompletableFuture.runAsync(() -> stop(id), workers));
            }
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        }
        timer.shutdownNow();
        workers.shutdown();
        events.shutdown();
        try {
            if (!events.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("supervisor listener did not take the last events within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- launching and restarting -------------------------------------------------------------------------------

    // The helpers below run with the instance's monitor already held by their callers; they take it again
    // (re-entering costs nothing) so that Error Prone's GuardedBy check can see every access is under it.

    private void launch(SupervisedInstance instance) throws IOException {
        synchronized (instance) {
            rotateLog(instance);
            Process child = launcher.launch(instance.spec);
            ProcessHandle handle = child.toHandle();
            launchNotes.accept(instance.spec, handle);
            control.track(handle);
            Instant now = Instant.now();
            instance.launched(child, handle, ProcessIdentity.of(handle), now);
            watchExit(instance, child.onExit());
            log.info("launched {} as pid {} on port {}", instance.spec.id(), handle.pid(), instance.spec.port());
        }
    }

    private void watchExit(SupervisedInstance instance, CompletableFuture<?> exit) {
        long generation;
        synchronized (instance) {
            generation = instance.generation;
        }
        exit.whenComplete((ignored, error) -> submit(workers, () -> onExit(instance, generation)));
    }

    private void onExit(SupervisedInstance instance, long generation) {
        synchronized (instance) {
            if (instance.generation != generation || instance.isStopping()) {
                instance.notifyAll(); // stop() does the rest
                return;
            }
            long pid = instance.process.pid();
            String code = instance.child != null ? "code " + instance.child.exitValue() : "an unknown code (adopted)";
            instance.exited();
            log.warn("instance {} (pid {}) exited unexpectedly with {}", instance.spec.id(), pid, code);
            emit(instance, InstanceEvent.Kind.EXITED, "pid " + pid + " exited with " + code);
            scheduleRestart(instance, "");
            instance.notifyAll();
        }
    }

    private void scheduleRestart(SupervisedInstance instance, String reason) {
        synchronized (instance) {
            instance.crashesInARow++;
            Duration delay = backoff.delay(instance.crashesInARow);
            emit(instance, InstanceEvent.Kind.RESTART_SCHEDULED,
                    reason + "restart in " + delay.toMillis() + " ms (crash " + instance.crashesInARow + " in a row)");
            instance.restartTask = schedule(() -> submit(workers, () -> relaunch(instance)), delay);
        }
    }

    private void relaunch(SupervisedInstance instance) {
        synchronized (instance) {
            if (instance.state() != InstanceState.RESTARTING || closed) {
                return;
            }
            instance.restartTask = null;
            try {
                requirePortFree(instance.spec);
                launch(instance);
            } catch (IOException | PortInUseException e) {
                log.warn("cannot relaunch {}: {}", instance.spec.id(), e.getMessage());
                scheduleRestart(instance, "relaunch failed (" + e.getMessage() + "); ");
                return;
            }
            instance.restarts++;
            emit(instance, InstanceEvent.Kind.STARTED,
                    "restart " + instance.restarts + ": pid " + instance.process.pid() + " on port " + instance.spec.port());
            scheduleHealthCheck(instance, Duration.ZERO);
            instance.notifyAll();
        }
    }

    // ---- health -------------------------------------------------------------------------------------------------

    private void scheduleHealthCheck(SupervisedInstance instance, Duration delay) {
        synchronized (instance) {
            long generation = instance.generation;
            instance.healthTask = schedule(() -> submit(workers, () -> checkHealth(instance, generation)), delay);
        }
    }

    private void checkHealth(SupervisedInstance instance, long generation) {
        ProcessHandle process;
        synchronized (instance) {
            if (!instance.isWatched(generation)) {
                return;
            }
            process = instance.process;
        }
        boolean passed = probe.check(instance.spec.port(), instance.spec.health());
        // Something answered; whether it is this instance is another question (issue 12).
        boolean foreign = passed && process != null
                && ownership.ownerOf(instance.spec.port(), process) == PortOwnership.Owner.FOREIGN;
        synchronized (instance) {
            if (!instance.isWatched(generation)) {
                return;
            }
            Instant now = Instant.now();
            if (foreign && instance.state() == InstanceState.STARTING) {
                failStartOnForeignPort(instance, process);
                return;
            }
            if (passed && !foreign) {
                recordPass(instance, now);
            } else {
                recordFailure(instance, now);
            }
            instance.notifyAll();
            boolean startingFast = instance.state() == InstanceState.STARTING && !instance.slowStartReported;
            scheduleHealthCheck(instance, startingFast ? STARTING_POLL : settings.healthInterval());
        }
    }

    /**
     * Another process answers on the port of an instance that is starting: the instance cannot serve there, so it is
     * killed at once (not asked over HTTP: the request would reach the foreign process) and restarted with back-off,
     * which refuses to launch while the port is taken. Waiters see it fail now instead of at the start timeout.
     */
    private void failStartOnForeignPort(SupervisedInstance instance, ProcessHandle process) {
        String message = "port " + instance.spec.port() + " is answered by another process, not by this instance (pid "
                + process.pid() + ") or its children; killing it";
        log.warn("instance {}: {}", instance.spec.id(), message);
        synchronized (instance) {
            emit(instance, InstanceEvent.Kind.UNHEALTHY, message);
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            control.kill(process);
            instance.notifyAll();
        }
    }

    private void recordPass(SupervisedInstance instance, Instant now) {
        synchronized (instance) {
            if (instance.passedHealthCheck(now)) {
                emit(instance, InstanceEvent.Kind.HEALTHY, "passed its health check on port " + instance.spec.port());
            } else if (instance.crashesInARow > 0 && backoff.isStable(instance.healthySince, now)) {
                instance.crashesInARow = 0; // stable again: the next crash restarts after the initial delay
            }
        }
    }

    private void recordFailure(SupervisedInstance instance, Instant now) {
        synchronized (instance) {
            instance.consecutiveFailures++;
            if (instance.healthy() && instance.consecutiveFailures >= settings.failureThreshold()) {
                instance.lostHealth();
                emit(instance, InstanceEvent.Kind.UNHEALTHY, instance.consecutiveFailures
                        + " consecutive failed health checks on port " + instance.spec.port());
            } else if (instance.state() == InstanceState.STARTING
                    && !instance.slowStartReported
                    && Duration.between(instance.launchedAt, now).compareTo(settings.startTimeout()) >= 0) {
                instance.slowStartReported = true;
                emit(instance, InstanceEvent.Kind.UNHEALTHY,
                        "not healthy within " + settings.startTimeout() + " of launch");
            }
        }
    }

    private boolean healthyBeforeAdoption(InstanceSpec spec, ProcessHandle process) {
        for (int attempt = 1; attempt <= settings.failureThreshold(); attempt++) {
            if (probe.check(spec.port(), spec.health())) {
                // A journaled process that no longer holds its port is not the instance the journal means.
                return ownership.ownerOf(spec.port(), process) != PortOwnership.Owner.FOREIGN;
            }
            if (attempt < settings.failureThreshold()) {
                try {
                    Thread.sleep(ADOPTION_RETRY_PAUSE.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    // ---- stopping -----------------------------------------------------------------------------------------------

    private String stopProcess(SupervisedInstance instance, ProcessHandle process) {
        long pid = process.pid();
        String detail = stopQuietly(instance.spec, process);
        Process child;
        synchronized (instance) {
            child = instance.child;
        }
        String code = child != null && !child.isAlive() ? " (exit code " + child.exitValue() + ")" : "";
        log.info("stopped {}: pid {} {}{}", instance.spec.id(), pid, detail, code);
        return "pid " + pid + " " + detail + code;
    }

    /** @return how it ended, starting with "stopped by http", "stopped by signal" or "killed" (see docs/supervisor.md) */
    private String stopQuietly(InstanceSpec spec, ProcessHandle process) {
        try {
            return stopper.stop(process, spec.port(), spec.shutdown(), settings.stopTimeout()).detail();
        } catch (InterruptedException e) {
            // Whoever interrupted us wants to be done: no more waiting, but nothing left behind either.
            Thread.currentThread().interrupt();
            process.descendants().forEach(control::kill);
            control.kill(process);
            return "killed (stop was interrupted)";
        }
    }

    // ---- logs ---------------------------------------------------------------------------------------------------

    private void rotateAllLogs() {
        for (SupervisedInstance instance : instances.values()) {
            synchronized (instance) {
                rotateLog(instance);
            }
        }
    }

    /** Under the instance's monitor (rotateAllLogs, launch), so that a rotation never races with a launch. */
    private void rotateLog(SupervisedInstance instance) {
        Path file = launcher.logFile(instance.spec);
        try {
            if (rotator.rotateIfLarger(file)) {
                log.debug("rotated {}", file);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("cannot rotate {}: {}", file, e.toString());
        }
    }

    // ---- plumbing -----------------------------------------------------------------------------------------------

    /** Under the instance's monitor, so that events of one instance are queued in order. */
    private void emit(SupervisedInstance instance, InstanceEvent.Kind kind, String detail) {
        synchronized (instance) {
            InstanceEvent event = new InstanceEvent(Instant.now(), kind, instance.snapshot(), detail);
            submit(events, () -> {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    log.warn("supervisor listener failed on {} of {}: {}", kind, instance.spec.id(), e.toString());
                }
            });
        }
    }

    private Future<?> schedule(Runnable task, Duration delay) {
        try {
            return timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null); // closing: nothing more is scheduled
        }
    }

    private static void submit(Executor executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("supervisor closing, task dropped");
        }
    }

    /** Only one instance per id and per port, whatever its state (a restarting instance still owns its port). */
    private void claim(SupervisedInstance instance) {
        synchronized (instances) {
            requireUnclaimed(instance.spec);
            instances.put(instance.spec.id(), instance);
        }
    }

    private void requireUnclaimed(InstanceSpec spec) {
        synchronized (instances) {
            if (instances.containsKey(spec.id())) {
                throw new IllegalStateException("instance " + spec.id() + " is already supervised");
            }
            for (SupervisedInstance other : instances.values()) {
                if (other.spec.port() == spec.port()) {
                    throw new PortInUseException(spec.port(), "port " + spec.port() + " already belongs to instance "
                            + other.spec.id() + "; refusing to run " + spec.id() + " on it");
                }
            }
        }
    }

    private void awaitRejectedStops() {
        rejectedStopsMayBegin.complete(null);
        for (CompletableFuture<?> stop : List.copyOf(rejectedStops.values())) {
            stop.join();
        }
    }

    private static void requirePortFree(InstanceSpec spec) {
        if (!PortCheck.isFree(spec.port())) {
            throw new PortInUseException(spec.port(), "port " + spec.port()
                    + " is already in use by another process; refusing to start " + spec.id()
                    + " (never two instances on one port)");
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("supervisor is closed");
        }
    }

    private static void validate(InstanceSpec spec) {
        Objects.requireNonNull(spec, "spec");
        // Both name files under the logs directory: nothing that could leave it.
        if (spec.id() == null || !SAFE_NAME.matcher(spec.id()).matches()) {
            throw new IllegalArgumentException("instance id must match " + SAFE_NAME + ", got " + spec.id());
        }
        if (spec.loop() == null || !SAFE_NAME.matcher(spec.loop()).matches()) {
            throw new IllegalArgumentException(
                    "instance " + spec.id() + ": loop name must match " + SAFE_NAME + ", got " + spec.loop());
        }
        if (spec.port() < 1 || spec.port() > 65535) {
            throw new IllegalArgumentException("instance " + spec.id() + ": port " + spec.port() + " is not 1-65535");
        }
        if (spec.command().isEmpty()) {
            throw new IllegalArgumentException("instance " + spec.id() + ": command is empty");
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
