package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.api.EventSink;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.config.ConfigException;
import io.openclaw.deploy.agent.config.RolloutConfig;
import io.openclaw.deploy.agent.config.RolloutSections;
import io.openclaw.deploy.agent.flags.FlagService;
import io.openclaw.deploy.agent.journal.DeploymentRecord;
import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.InstanceRecord;
import io.openclaw.deploy.agent.journal.Journal;
import io.openclaw.deploy.agent.journal.LoopAssignment;
import io.openclaw.deploy.agent.release.ArtifactStore;
import io.openclaw.deploy.agent.release.InstalledRelease;
import io.openclaw.deploy.agent.release.LoopStrategy;
import io.openclaw.deploy.agent.release.ReleaseInstaller;
import io.openclaw.deploy.agent.release.ReleaseStore;
import io.openclaw.deploy.agent.resources.ResourceAlert;
import io.openclaw.deploy.agent.resources.ResourceFigures;
import io.openclaw.deploy.agent.router.Router;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import io.openclaw.deploy.agent.supervisor.Supervisor;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.ProblemTypes;
import io.openclaw.deploy.protocol.RollbackRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts deployments and rollbacks, runs them one at a time in the background, and keeps their history. The single
 * deployment thread also runs scale-downs, so nothing stops an instance while a deployment is deciding about it.
 */
public final class DeploymentCoordinator implements AutoCloseable {
    private volatile java.util.function.Consumer<InstalledRelease> releaseInstalled = release -> {};
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentCoordinator.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern LOOP_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Set<String> STRATEGIES = Set.of("auto", "blue-green", "rolling", "canary", "feature-flag");
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final AgentHome home;
    private final AgentConfig config;
    private final Journal journal;
    private final Fleet fleet;
    private final Supervisor supervisor;
    private final Router router;
    private final ArtifactStore artifacts;
    private final ReleaseStore releases;
    private final Clock clock;
    private final ReleaseSwitch releaseSwitch;
    private final ReleaseSequence sequence;
    private volatile FlagService flags;
    private final ExecutorService deploymentThread = Executors.newSingleThreadExecutor(named("deployment"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(named("scale-down"));
    private final ExecutorService workers = Executors.newCachedThreadPool(named("deployment-worker"));
    private final Map<String, DeploymentLog> deployments = new LinkedHashMap<>();
    private final Map<String, String> byIdempotencyKey = new LinkedHashMap<>();
    private DeploymentLog running;
    private RolloutControl runningControl;
    private final RolloutProgress progress = new RolloutProgress();
    private volatile ResourceFigures resourceFigures = ResourceFigures.NONE;

    public DeploymentCoordinator(
            AgentHome home,
            AgentConfig config,
            Journal journal,
            Fleet fleet,
            Supervisor supervisor,
            Router router,
            ArtifactStore artifacts,
            ReleaseStore releases,
            Clock clock) {
        this.home = home;
        this.config = config;
        this.journal = journal;
        this.fleet = fleet;
        this.supervisor = supervisor;
        this.router = router;
        this.artifacts = artifacts;
        this.releases = releases;
        this.clock = clock;
        this.releaseSwitch = new ReleaseSwitch(fleet, supervisor, new InstancePlanner(home),
                new PortAllocator(config), config.supervision().startTimeout(), workers);
        this.sequence = new ReleaseSequence(fleet, releaseSwitch, new CanaryRollout(fleet, supervisor, router,
                releaseSwitch, config.supervision().drainTimeout(), id -> resourceFigures.usage(id)),
                new RollingRollout(fleet, supervisor, router, releaseSwitch, config.supervision().drainTimeout(),
                        config.supervision().startTimeout()), progress);
    }

    /** The agent's flags: with them, {@code feature-flag} loops are released by their release flag, not by weight. */
    public void releaseByFlagsWith(FlagService flagService) {
        this.flags = flagService;
    }

    // ---- accepting work -------------------------------------------------------------------------------------------

    /**
     * Called with each newly installed release before its loops start (the agent applies the release's default
     * flags); an {@link OperationException} fails the deployment with nothing switched.
     */
    public void onReleaseInstalled(java.util.function.Consumer<InstalledRelease> listener) {
        this.releaseInstalled = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** Where the canary analysis reads each instance's CPU and memory, to record them with its figures. */
    public void useResourceFigures(ResourceFigures figures) {
        this.resourceFigures = java.util.Objects.requireNonNull(figures, "figures");
    }

    /**
     * Records a resource alert as an event of the running deployment, if there is one (spec 9.1: alert + manual,
     * so the deployment goes on).
     *
     * @return whether a deployment was running to record it
     */
    public synchronized boolean recordAlert(ResourceAlert alert) {
        if (running == null || running.view().isFinished()) {
            return false;
        }
        running.info(alert.kind() == ResourceAlert.Kind.RAISED ? EventTypes.RESOURCE_ALERT
                : EventTypes.RESOURCE_ALERT_CLEARED, alert.message(), alert.data());
        return true;
    }

    public synchronized Deployment deploy(DeployRequest request, String idempotencyKey, String requestedBy) {
        if (idempotencyKey != null && byIdempotencyKey.containsKey(idempotencyKey)) {
            return deployments.get(byIdempotencyKey.get(idempotencyKey)).view();
        }
        String sha = validate(request);
        RolloutConfig rollout = rolloutFor(request);
        refuseIfBusy();
        String strategy = request.strategy() == null ? "auto" : request.strategy();
        DeploymentLog log = open(Deployment.KIND_DEPLOY, request.version(), strategy, request.loops(), sha,
                idempotencyKey, requestedBy);
        log.info(EventTypes.ACCEPTED, "deployment of artifact " + sha.substring(0, 12) + " accepted"
                + (request.version() == null ? "" : " as version " + request.version()), Map.of());
        RolloutControl control = new RolloutControl();
        runningControl = control;
        deploymentThread.execute(() -> runDeployment(log, request, sha, rollout, control));
        return log.view();
    }

    public synchronized Deployment rollback(RollbackRequest request, String requestedBy) {
        refuseIfBusy();
        FleetRecord fleetNow = fleet.record();
        Map<String, InstalledRelease> targets = new LinkedHashMap<>();
        Set<String> removed = new LinkedHashSet<>();
        String version;
        if (request.toVersion() != null && !request.toVersion().isBlank()) {
            version = request.toVersion().trim();
            InstalledRelease release = installed(version).orElseThrow(() -> new OperationException(
                    ProblemTypes.RELEASE_NOT_FOUND, 404, "release " + version + " is not installed on this agent"
                    + " (installed: " + installedVersions() + ")"));
            release.manifest().loopNames().forEach(loop -> targets.put(loop, release));
            fleetNow.assignments().keySet().stream().filter(l -> !targets.containsKey(l)).forEach(removed::add);
        } else {
            if (fleetNow.previousAssignments().isEmpty()) {
                throw new OperationException(ProblemTypes.NO_PREVIOUS_RELEASE, 409,
                        "there is no previous release to roll back to");
            }
            for (LoopAssignment a : fleetNow.previousAssignments().values()) {
                targets.put(a.loop(), installed(a.version()).orElseThrow(() -> new OperationException(
                        ProblemTypes.RELEASE_NOT_FOUND, 404, "release " + a.version() + " is no longer installed")));
            }
            fleetNow.assignments().keySet().stream().filter(l -> !targets.containsKey(l)).forEach(removed::add);
            version = ReleaseSwitch.singleVersion(fleetNow.previousAssignments());
        }
        DeploymentLog log = open(Deployment.KIND_ROLLBACK, version, "blue-green", List.copyOf(targets.keySet()), null,
                null, requestedBy);
        String reason = request.reason() == null || request.reason().isBlank() ? null : request.reason().trim();
        log.info(EventTypes.ROLLBACK_STARTED, "rollback to " + (version == null ? "the previous assignments" : version)
                + " requested by " + requestedBy + (reason == null ? "" : ": " + reason),
                reason == null ? Map.of() : Map.of("reason", reason));
        deploymentThread.execute(() -> runRollback(log, targets, removed));
        return log.view();
    }

    private String validate(DeployRequest request) {
        if (request.artifactSha256() == null) {
            throw new OperationException(ProblemTypes.VALIDATION, 400, "artifactSha256 is required");
        }
        String sha = request.artifactSha256().trim().toLowerCase(java.util.Locale.ROOT);
        if (!SHA256.matcher(sha).matches()) {
            throw new OperationException(ProblemTypes.VALIDATION, 400,
                    "artifactSha256 must be 64 hex digits, got '" + request.artifactSha256() + "'");
        }
        if (request.strategy() != null && !STRATEGIES.contains(request.strategy())) {
            throw new OperationException(ProblemTypes.VALIDATION, 400, "strategy must be one of "
                    + new java.util.TreeSet<>(STRATEGIES) + ", got '" + request.strategy() + "'");
        }
        for (String loop : request.loops()) {
            if (loop == null || !LOOP_NAME.matcher(loop).matches()) {
                throw new OperationException(ProblemTypes.VALIDATION, 400, "not a loop name: '" + loop + "'");
            }
        }
        if (!artifacts.contains(sha)) {
            throw new OperationException(ProblemTypes.ARTIFACT_NOT_FOUND, 404,
                    "artifact " + sha + " has not been uploaded (PUT /v1/artifacts/" + sha + ")");
        }
        return sha;
    }

    private RolloutConfig rolloutFor(DeployRequest request) {
        try {
            return RolloutSections.withOptions(config.rollout(), request.options());
        } catch (ConfigException e) {
            throw new OperationException(ProblemTypes.VALIDATION, 400, e.getMessage());
        }
    }

    private void refuseIfBusy() {
        // A deployment reported finished is not busy, even while its thread is still tidying up (pruning releases):
        // a client that waited for the end may deploy at once.
        if (running != null && !running.view().isFinished()) {
            Deployment busy = running.view();
            throw new OperationException(ProblemTypes.DEPLOYMENT_IN_PROGRESS, 409,
                    "deployment " + busy.id() + " (" + busy.kind() + " of " + busy.version() + ") is "
                            + busy.state() + "; wait for it to end or abort it", busy.id(), null);
        }
    }

    private DeploymentLog open(String kind, String version, String strategy, List<String> loops, String sha,
            String idempotencyKey, String requestedBy) {
        Instant now = clock.instant();
        String id = "d-" + ID_TIME.format(now) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        FleetRecord f = fleet.record();
        Deployment view = new Deployment(id, kind, DeploymentState.PENDING, version, f.release(), strategy, loops, sha,
                now, now, null, null, 0, requestedBy);
        DeploymentRecord record = new DeploymentRecord(view, idempotencyKey, f.assignments(), f.release());
        journal.saveDeployment(record);
        DeploymentLog log = new DeploymentLog(journal, clock, record, List.of());
        deployments.put(id, log);
        if (idempotencyKey != null) {
            byIdempotencyKey.put(idempotencyKey, id);
        }
        progress.clear(); // what a finished deployment left, if its thread has not yet tidied up
        running = log;
        fleet.update(r -> r.withRunningDeployment(id));
        return log;
    }

    // ---- running work ---------------------------------------------------------------------------------------------

    private void runDeployment(DeploymentLog log, DeployRequest request, String sha, RolloutConfig rollout,
            RolloutControl control) {
        try {
            log.state(DeploymentState.INSTALLING, "installing the release from artifact " + sha.substring(0, 12));
            InstalledRelease release;
            try {
                release = ReleaseInstaller.install(artifacts.path(sha), sha, home.releases(), request.version());
            } catch (OperationException | IOException e) {
                log.finish(DeploymentState.FAILED, e.getMessage(), "the release could not be installed: " + e.getMessage());
                return;
            }
            log.version(release.version());
            try {
                // Before the new loops start, so they find the flags their release brings.
                releaseInstalled.accept(release);
            } catch (OperationException e) {
                log.finish(DeploymentState.FAILED, e.getMessage(), "the release's defaults were refused: " + e.getMessage());
                return;
            }
            log.info(EventTypes.RELEASE_UNPACKED, "release " + release.version() + " installed in " + release.dir()
                    + " with " + release.manifest().loops().size() + " loop(s)",
                    Map.of("version", release.version(), "loops", release.manifest().loopNames()));
            Map<String, InstalledRelease> targets = new LinkedHashMap<>();
            Set<String> removed = new LinkedHashSet<>();
            if (request.loops().isEmpty()) {
                release.manifest().loopNames().forEach(loop -> targets.put(loop, release));
                fleet.record().assignments().keySet().stream()
                        .filter(loop -> !targets.containsKey(loop))
                        .forEach(removed::add);
            } else {
                for (String loop : request.loops()) {
                    if (release.manifest().loop(loop).isEmpty()) {
                        log.finish(DeploymentState.FAILED, "release " + release.version() + " has no loop " + loop,
                                "release " + release.version() + " has no loop " + loop + " (it has "
                                        + release.manifest().loopNames() + ")");
                        return;
                    }
                    targets.put(loop, release);
                }
            }
            StrategyPlan plan = StrategyPlan.of(request.strategy(), release, targets, fleet.record(),
                    rollout.cutover().gradual());
            log.info(EventTypes.INFO, plan.describe(), Map.of("strategies", plan.strategies()));
            FleetRecord before = fleet.record();
            try {
                sequence.run(plan, removed, rollout, control, log, flags);
            } catch (DeploymentFailure f) {
                restoreMovedLoops(before, log);
                throw f;
            }
            keepRollbackTarget(before);
            retireOldCanaryInstances(plan.canary().keySet());
            log.finish(DeploymentState.SUCCEEDED, null, "release " + release.version() + " is serving");
            scaleDownLater();
            pruneReleases();
        } catch (DeploymentFailure f) {
            log.finish(DeploymentState.ROLLED_BACK, f.reason(), "rolled back: " + f.reason());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.finish(DeploymentState.FAILED, "the agent is shutting down", "interrupted by agent shutdown");
        } catch (RuntimeException e) {
            LOG.error("Deployment {} failed", log.id(), e);
            log.finish(DeploymentState.FAILED, e.toString(), "failed: " + e);
        } finally {
            finished(log);
        }
    }

    /** Release-wide consistency: when any loop fails, every loop this deployment already moved goes back. */
    private void restoreMovedLoops(FleetRecord before, DeploymentLog log) throws InterruptedException {
        FleetRecord now = fleet.record();
        Map<String, InstalledRelease> back = new LinkedHashMap<>();
        Set<String> added = new LinkedHashSet<>();
        for (Map.Entry<String, LoopAssignment> e : now.assignments().entrySet()) {
            LoopAssignment was = before.assignments().get(e.getKey());
            if (was == null) {
                added.add(e.getKey());
            } else if (!was.version().equals(e.getValue().version()) || !was.slot().equals(e.getValue().slot())) {
                installed(was.version()).ifPresent(r -> back.put(e.getKey(), r));
            }
        }
        if (back.isEmpty() && added.isEmpty()) {
            return;
        }
        log.info(EventTypes.ROLLBACK_STARTED, "returning " + (back.size() + added.size())
                + " loop(s) this deployment already moved to the previous release: " + back.keySet()
                + (added.isEmpty() ? "" : ", removing " + added), Map.of("loops", List.copyOf(back.keySet())));
        try {
            releaseSwitch.run(back, added, log);
        } catch (DeploymentFailure f) {
            LOG.error("Deployment {}: could not return every loop to the previous release: {}", log.id(), f.reason());
            throw new IllegalStateException("could not return every loop to the previous release: " + f.reason());
        }
    }

    /** A deployment may switch more than once (canary promotion, then the rest); a rollback returns to before it. */
    private void keepRollbackTarget(FleetRecord before) {
        if (withoutCanaries(before.assignments()).equals(withoutCanaries(fleet.record().assignments()))) {
            return; // nothing moved: the rollback target stays what it was
        }
        fleet.update(r -> new FleetRecord(r.release(),
                r.release() != null && r.release().equals(before.release()) ? r.previousRelease() : before.release(),
                r.assignments(), withoutCanaries(before.assignments()), r.instances(), r.runningDeployment()));
    }

    private static Map<String, LoopAssignment> withoutCanaries(Map<String, LoopAssignment> assignments) {
        Map<String, LoopAssignment> plain = new LinkedHashMap<>();
        assignments.forEach((loop, a) -> plain.put(loop, a.withCanary(null)));
        return plain;
    }

    /** Spec 6: once a canary is promoted the old version's instances drain and stop. */
    private void retireOldCanaryInstances(Set<String> loops) throws InterruptedException {
        if (loops.isEmpty()) {
            return;
        }
        List<InstanceSpec> old = fleet.unassigned().stream()
                .map(InstanceRecord::spec)
                .filter(spec -> loops.contains(spec.loop()))
                .toList();
        if (old.isEmpty()) {
            return;
        }
        List<String> ids = old.stream().map(InstanceSpec::id).toList();
        if (!router.awaitDrained(ids, config.supervision().drainTimeout())) {
            LOG.warn("Requests still in flight to {} after the drain timeout; stopping anyway", ids);
        }
        releaseSwitch.stopAll(old, running);
    }

    private void runRollback(DeploymentLog log, Map<String, InstalledRelease> targets, Set<String> removed) {
        try {
            long t0 = System.nanoTime();
            releaseSwitch.run(targets, removed, log);
            log.finish(DeploymentState.SUCCEEDED, null, "rolled back to " + describe(fleet.record()) + " in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
            scaleDownLater();
        } catch (DeploymentFailure f) {
            log.finish(DeploymentState.FAILED, f.reason(), "rollback failed: " + f.reason());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.finish(DeploymentState.FAILED, "the agent is shutting down", "interrupted by agent shutdown");
        } catch (RuntimeException e) {
            LOG.error("Rollback {} failed", log.id(), e);
            log.finish(DeploymentState.FAILED, e.toString(), "rollback failed: " + e);
        } finally {
            finished(log);
        }
    }

    private static String describe(FleetRecord r) {
        return r.release() == null ? "the previous assignments" : "release " + r.release();
    }

    private synchronized void finished(DeploymentLog log) {
        if (running == log) {
            running = null;
            runningControl = null;
            progress.clear();
        }
        // Only this deployment's mark: the next one may have been accepted already.
        fleet.update(r -> log.id().equals(r.runningDeployment()) ? r.withRunningDeployment(null) : r);
    }

    /**
     * The previous slot stays up for the scale-down delay so that a rollback is a routing switch; then the
     * instances that are still unrouted are drained and stopped. Only the instances unrouted now are concerned: a
     * later deployment's standby gets its own delay.
     */
    private void scaleDownLater() {
        Set<String> candidates = fleet.unassigned().stream().map(InstanceRecord::id).collect(Collectors.toSet());
        if (candidates.isEmpty()) {
            return;
        }
        long delayMillis = config.slots().scaleDownDelay().toMillis();
        timer.schedule(() -> deploymentThread.execute(() -> scaleDown(candidates)), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void scaleDown(Set<String> candidates) {
        try {
            List<InstanceSpec> idle = fleet.unassigned().stream()
                    .filter(i -> candidates.contains(i.id()))
                    .map(InstanceRecord::spec)
                    .toList();
            if (idle.isEmpty()) {
                return;
            }
            List<String> ids = idle.stream().map(InstanceSpec::id).toList();
            if (!router.awaitDrained(ids, config.supervision().drainTimeout())) {
                LOG.warn("Requests still in flight to {} after the drain timeout; stopping anyway", ids);
            }
            releaseSwitch.stopAll(idle, null);
            LOG.info("Scaled down {} standby instance(s): {}", ids.size(), ids);
            pruneReleases();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Scale-down failed", e);
        }
    }

    private void pruneReleases() {
        FleetRecord r = fleet.record();
        Set<String> keep = new HashSet<>();
        r.assignments().values().forEach(a -> keep.add(a.version()));
        r.previousAssignments().values().forEach(a -> keep.add(a.version()));
        r.instances().forEach(i -> keep.add(i.spec().version()));
        try {
            List<String> removed = releases.prune(config.releases().keep(), keep);
            if (!removed.isEmpty()) {
                LOG.info("Removed old releases {}", removed);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot prune old releases: {}", e.getMessage());
        }
    }

    private Optional<InstalledRelease> installed(String version) {
        try {
            return releases.load(version);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read release " + version, e);
        }
    }

    private List<String> installedVersions() {
        try {
            return releases.list().stream().map(InstalledRelease::version).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list releases", e);
        }
    }

    // ---- manual control ---------------------------------------------------------------------------------------------

    /** What a person may ask of a running deployment. */
    public enum ControlAction { PAUSE, RESUME, PROMOTE, ABORT }

    /**
     * Pause holds the current canary phase (analysis goes on), resume lets it continue, promote skips the remaining
     * phases and their analysis, abort rolls back. Each is recorded as an event naming who asked.
     *
     * @throws OperationException not-found for an unknown id, 409 when that deployment is not running
     */
    public synchronized Deployment control(String id, ControlAction action, String requestedBy, String reason) {
        DeploymentLog log = deployments.get(id);
        if (log == null) {
            throw new OperationException(ProblemTypes.NOT_FOUND, 404, "no deployment " + id);
        }
        if (log != running || runningControl == null) {
            throw new OperationException(ProblemTypes.BAD_REQUEST, 409, "deployment " + id + " is "
                    + log.view().state() + ", not running: nothing to " + action.name().toLowerCase(java.util.Locale.ROOT),
                    id, null);
        }
        String who = requestedBy == null ? "unknown" : requestedBy;
        String words = reason == null || reason.isBlank() ? null : reason.trim();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("action", action.name().toLowerCase(java.util.Locale.ROOT));
        data.put("by", who);
        if (words != null) {
            data.put("reason", words);
        }
        switch (action) {
            case PAUSE -> {
                runningControl.pause();
                log.state(DeploymentState.PAUSED, "paused by " + who + (words == null ? "" : ": " + words));
            }
            case RESUME -> {
                runningControl.resume();
                log.state(DeploymentState.PROGRESSING, "resumed by " + who);
            }
            case PROMOTE -> {
                runningControl.promote(who);
                log.info(EventTypes.CONTROL, "promotion to 100% requested by " + who, data);
            }
            case ABORT -> {
                runningControl.abort(who, words);
                log.info(EventTypes.CONTROL, "abort requested by " + who + (words == null ? "" : ": " + words), data);
            }
        }
        return log.view();
    }

    /** Where the running deployment is with this loop (phase, split, last analysis), if it is moving it. */
    public Optional<io.openclaw.deploy.protocol.LoopProgress> progress(String loop) {
        return progress.of(loop);
    }

    // ---- history ----------------------------------------------------------------------------------------------------

    public synchronized List<Deployment> list() {
        List<Deployment> views = new ArrayList<>();
        deployments.values().forEach(l -> views.add(l.view()));
        views.sort(Comparator.comparing(Deployment::createdAt).reversed());
        return views;
    }

    public synchronized Optional<Deployment> get(String id) {
        return Optional.ofNullable(deployments.get(id)).map(DeploymentLog::view);
    }

    public synchronized Optional<Deployment> current() {
        return Optional.ofNullable(running).map(DeploymentLog::view);
    }

    public AutoCloseable follow(String id, long afterSeq, EventSink sink) {
        DeploymentLog log;
        synchronized (this) {
            log = deployments.get(id);
        }
        if (log == null) {
            throw new OperationException(ProblemTypes.NOT_FOUND, 404, "no deployment " + id);
        }
        return log.follow(afterSeq, sink);
    }

    // ---- recovery after a restart of the agent -------------------------------------------------------------------

    /**
     * Reloads the history, and if the agent died during a deployment, restores what served before it and marks it
     * ROLLED_BACK. Runs on the deployment thread; returns when done.
     */
    public void recover() throws IOException, InterruptedException {
        List<DeploymentRecord> records = journal.loadDeployments();
        journal.prune(records);
        synchronized (this) {
            for (DeploymentRecord record : records) {
                DeploymentLog log = new DeploymentLog(journal, clock, record, journal.loadEvents(record.view().id()));
                deployments.put(record.view().id(), log);
                if (record.idempotencyKey() != null) {
                    byIdempotencyKey.put(record.idempotencyKey(), record.view().id());
                }
            }
        }
        List<DeploymentLog> interrupted;
        synchronized (this) {
            interrupted = deployments.values().stream().filter(l -> !l.view().isFinished()).toList();
        }
        for (DeploymentLog log : interrupted) {
            var task = deploymentThread.submit(() -> restore(log));
            try {
                task.get();
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.error("Restoring after interrupted deployment {} failed", log.id(), e.getCause());
            }
        }
        if (fleet.record().runningDeployment() != null) {
            fleet.update(r -> r.withRunningDeployment(null));
        }
        // Standbys adopted from before the restart keep serving as rollback targets for one more delay.
        scaleDownLater();
    }

    private void restore(DeploymentLog log) {
        DeploymentRecord record = log.record();
        String reason = "the agent stopped during the deployment; the previous release was restored";
        try {
            Map<String, InstalledRelease> targets = new LinkedHashMap<>();
            for (LoopAssignment a : record.previousAssignments().values()) {
                installed(a.version()).ifPresent(release -> targets.put(a.loop(), release));
            }
            Set<String> removed = fleet.record().assignments().keySet().stream()
                    .filter(loop -> !record.previousAssignments().containsKey(loop))
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            log.info(EventTypes.ROLLBACK_STARTED, "agent restarted during this deployment; restoring "
                    + (record.previousRelease() == null ? "the previous state" : "release " + record.previousRelease()),
                    Map.of());
            // A canary or rolling batch in progress: its share of traffic goes first (the stable version still runs).
            fleet.update(r -> new FleetRecord(r.release(), r.previousRelease(), withoutCanaries(r.assignments()),
                    r.previousAssignments(), r.instances(), r.runningDeployment()));
            FlagRollout.switchOffLeftovers(flags, log);
            releaseSwitch.run(targets, removed, log);
            // Whatever the interrupted deployment started and never routed goes now, not after a delay.
            releaseSwitch.stopAll(fleet.unassigned().stream()
                    .filter(i -> i.spec().version().equals(record.view().version()))
                    .map(InstanceRecord::spec)
                    .toList(), log);
            log.finish(DeploymentState.ROLLED_BACK, reason, "rolled back: " + reason);
        } catch (DeploymentFailure f) {
            log.finish(DeploymentState.FAILED, f.reason(), "could not restore the previous release: " + f.reason());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Restore of {} failed", log.id(), e);
            log.finish(DeploymentState.FAILED, e.toString(), "could not restore the previous release: " + e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        deploymentThread.shutdownNow();
        workers.shutdownNow();
        try {
            deploymentThread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
