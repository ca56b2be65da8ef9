package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.api.EventSink;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.flags.FlagService;
import io.openclaw.deploy.agent.journal.DeploymentRecord;
import io.openclaw.deploy.agent.journal.Journal;
import io.openclaw.deploy.agent.release.ArtifactStore;
import io.openclaw.deploy.agent.release.InstalledRelease;
import io.openclaw.deploy.agent.release.ReleaseStore;
import io.openclaw.deploy.agent.resources.RecentResources;
import io.openclaw.deploy.agent.resources.ResourceAlert;
import io.openclaw.deploy.agent.resources.ResourceFigures;
import io.openclaw.deploy.agent.router.Router;
import io.openclaw.deploy.agent.supervisor.Supervisor;
import io.openclaw.deploy.agent.verification.MetricsScrape;
import io.openclaw.deploy.agent.verification.Verifier;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.LoopProgress;
import io.openclaw.deploy.protocol.ProblemTypes;
import io.openclaw.deploy.protocol.RollbackRequest;
import io.openclaw.deploy.protocol.VerificationReport;
import java.io.IOException;
import java.net.URI;
import io.openclaw.deploy.agent.state.StateMigration;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts deployments and rollbacks, runs them one at a time in the background, and keeps their history. It composes
 * the parts that do each job: {@link DeployRequestValidation}, {@link DeploymentHistory}, {@link DeploymentRun},
 * {@link RollbackRun}, {@link ManualControl}, {@link ScaleDown} and {@link DeploymentRecovery}. The single
 * deployment thread also runs scale-downs, so nothing stops an instance while a deployment is deciding about it.
 */
public final class DeploymentCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentCoordinator.class);
    /** What a person may ask of a running deployment. */
    public enum ControlAction { PAUSE, RESUME, PROMOTE, ABORT }

    private final ExecutorService deploymentThread = Executors.newSingleThreadExecutor(named("deployment"));
    private final ExecutorService workers = Executors.newCachedThreadPool(named("deployment-worker"));
    private final RolloutProgress progress = new RolloutProgress();
    private final DeployRequestValidation validation;
    private final DeploymentHistory history;
    private final DeploymentRun deploymentRun;
    private final RollbackRun rollbackRun;
    private final ManualControl manualControl;
    private final ScaleDown scaleDown;
    private final DeploymentRecovery recovery;
    private final Verifier verifier;
    private final ReleaseVerification verification;
    private volatile FlagService flags;
    private volatile ResourceFigures resourceFigures = ResourceFigures.NONE;
    private volatile DeploymentObserver observer = DeploymentObserver.NONE;
    /**
     * Handed to the runs at construction; forwards to whichever observer is set later. A figure that cannot be
     * recorded must not fail the rollback it measures, hence the catch.
     */
    private final DeploymentObserver forwarding = new DeploymentObserver() {
        @Override
        public void rolledBack(RollbackTrigger trigger, Duration took) {
            try {
                observer.rolledBack(trigger, took);
            } catch (RuntimeException e) {
                LOG.warn("Cannot record the rollback time: {}", e.toString());
            }
        }

        @Override
        public void finished(Deployment deployment) {
            try {
                observer.finished(deployment);
            } catch (RuntimeException e) {
                LOG.warn("Cannot record the end of deployment {}: {}", deployment.id(), e.toString());
            }
        }
    };
    private final InstalledReleases installed;

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
        InstanceBatch batch = new InstanceBatch(fleet, supervisor, router, new InstancePlanner(home),
                new PortAllocator(config), config.supervision().startTimeout(), config.supervision().drainTimeout(),
                workers);
        TrafficWeights weights = new TrafficWeights(fleet);
        BlueGreenSwitch blueGreen = new BlueGreenSwitch(fleet, supervisor, batch,
                new StateHandover(new StateMigration(home, clock), supervisor, fleet));
        ReleaseSequence sequence = new ReleaseSequence(fleet, blueGreen, new CanaryRollout(fleet, supervisor,
                router, blueGreen, weights, batch, id -> resourceFigures.usage(id)),
                new RollingRollout(fleet, supervisor, blueGreen, weights, batch), progress);
        InstalledReleases installed = new InstalledReleases(releases);
        this.installed = installed;
        this.validation = new DeployRequestValidation(config.rollout(), artifacts::contains,
                new ArtifactPreflight(artifacts::path, home.releases()));
        this.history = new DeploymentHistory(journal, clock, fleet, progress);
        this.scaleDown = new ScaleDown(config, fleet, batch, releases, deploymentThread);
        this.verifier = new Verifier(config.verification(), router, () -> routerHealth(config, router), home.logs(),
                supervisor::logFile, NO_METRICS_YET, clock);
        verifier.countLogsAhead(supervisor::instances, LOG_COUNTING_PERIOD);
        this.verification = new ReleaseVerification(verifier, fleet, supervisor, installed, config.verification());
        this.deploymentRun = new DeploymentRun(home, artifacts, fleet, blueGreen, sequence, installed, scaleDown,
                batch, forwarding, verification);
        this.rollbackRun = new RollbackRun(fleet, blueGreen, installed, scaleDown, forwarding, verification);
        this.manualControl = new ManualControl(history);
        this.recovery = new DeploymentRecovery(journal, history, fleet, blueGreen, installed, scaleDown, weights,
                batch, deploymentThread);
    }

    /**
     * Short enough that a rollback's verification finds all but a few seconds of each log counted; each round costs a
     * look at each instance's log (its length and last bytes) when the loops wrote nothing.
     */
    private static final Duration LOG_COUNTING_PERIOD = Duration.ofSeconds(2);

    /** Until the runtime says where the metrics are, the metrics item fails saying so. */
    private static final MetricsScrape NO_METRICS_YET = () -> {
        throw new IOException("the agent's metrics are not attached yet");
    };

    /** Where the router answers {@code GET /health} for the verification: on loopback when it listens everywhere. */
    static URI routerHealth(AgentConfig config, Router router) {
        String bind = config.listen().bind();
        String host = bind.isBlank() || bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + router.port() + "/health");
    }

    /** How the verification reads the agent's own metrics (spec 10.2 "metrics flowing"). */
    public void scrapeMetricsWith(MetricsScrape scrape) {
        verifier.scrapeWith(scrape);
    }

    /**
     * Runs the release verification checklist now ({@code GET /v1/verification}), beside whatever else runs: it
     * only reads.
     */
    public VerificationReport verify() throws InterruptedException {
        return verification.onDemand();
    }

    /** The agent's flags: with them, {@code feature-flag} loops are released by their release flag, not by weight. */
    public void releaseByFlagsWith(FlagService flagService) {
        this.flags = flagService;
    }

    /**
     * Called with each newly installed release before its loops start (the agent applies the release's default
     * flags); an {@link OperationException} fails the deployment with nothing switched.
     */
    public void onReleaseInstalled(Consumer<InstalledRelease> listener) {
        deploymentRun.onReleaseInstalled(listener);
    }

    /** Where the canary analysis reads each instance's CPU and memory, to record them with its figures. */
    public void useResourceFigures(ResourceFigures figures) {
        this.resourceFigures = Objects.requireNonNull(figures, "figures");
    }

    /** Where a rollback's and an on-demand verification read CPU and memory already measured. */
    public void readRecentResourcesFrom(RecentResources recent) {
        verifier.readRecentResourcesFrom(recent);
    }

    /** Who is told of rollback times and finished deployments (the agent's metrics). */
    public void observeWith(DeploymentObserver deploymentObserver) {
        this.observer = Objects.requireNonNull(deploymentObserver, "deploymentObserver");
    }

    /**
     * Records a resource alert as an event of the running deployment, if there is one (spec 9.1: alert + manual,
     * so the deployment goes on).
     *
     * @return whether a deployment was running to record it
     */
    public boolean recordAlert(ResourceAlert alert) {
        return history.recordAlert(alert);
    }

    // Accepting work is synchronized so that a request is checked and opened before the next one is looked at.

    public synchronized Deployment deploy(DeployRequest request, String idempotencyKey, String requestedBy) {
        Optional<DeploymentRecord> earlier = history.byIdempotencyKey(idempotencyKey);
        if (earlier.isPresent()) {
            // The same request again (a retry after a timeout) gets its deployment; another request is refused.
            IdempotencyCheck.requireSameRequest(idempotencyKey, earlier.get(), request);
            return earlier.get().view();
        }
        DeployRequestValidation.Valid valid;
        try {
            valid = validation.validate(request);
        } catch (OperationException e) {
            if (ProblemTypes.INVALID_MANIFEST.equals(e.problemType())
                    || ProblemTypes.UNSAFE_ARTIFACT.equals(e.problemType())) {
                // An artifact that can never be deployed goes now rather than after its grace period (issue 12).
                installed.dropFailedArtifact(request.artifactSha256());
            }
            throw e;
        }
        RolloutControl control = new RolloutControl();
        DeploymentLog log = history.open(Deployment.KIND_DEPLOY, request.version(), valid.strategy(), request.loops(),
                valid.sha(), idempotencyKey, IdempotencyCheck.normalised(request, valid.sha()), requestedBy, control);
        log.info(EventTypes.ACCEPTED, "deployment of artifact " + valid.sha().substring(0, 12) + " accepted"
                + (request.version() == null ? "" : " as version " + request.version()), Map.of());
        FlagService flagsNow = flags;
        runInBackground(log, () -> deploymentRun.run(log, request, valid, control, flagsNow));
        return log.view();
    }

    public synchronized Deployment rollback(RollbackRequest request, String requestedBy) {
        history.refuseIfBusy();
        RollbackRun.Targets targets = rollbackRun.targets(request);
        DeploymentLog log = history.open(Deployment.KIND_ROLLBACK, targets.version(), "blue-green",
                List.copyOf(targets.targets().keySet()), null, null, null, requestedBy, null);
        String reason = request.reason() == null || request.reason().isBlank() ? null : request.reason().trim();
        log.info(EventTypes.ROLLBACK_STARTED, "rollback to "
                + (targets.version() == null ? "the previous assignments" : targets.version())
                + " requested by " + requestedBy + (reason == null ? "" : ": " + reason),
                reason == null ? Map.of() : Map.of("reason", reason));
        runInBackground(log, () -> rollbackRun.run(log, targets));
        return log.view();
    }

    private void runInBackground(DeploymentLog log, Runnable work) {
        deploymentThread.execute(() -> {
            try {
                work.run();
            } finally {
                history.finished(log);
                forwarding.finished(log.view());
            }
        });
    }

    /**
     * Pause, resume, promote or abort the running deployment (see {@link ManualControl}).
     *
     * @throws OperationException not-found for an unknown id, 409 when that deployment is not running
     */
    public Deployment control(String id, ControlAction action, String requestedBy, String reason) {
        return manualControl.apply(id, action, requestedBy, reason);
    }

    /** Where the running deployment is with this loop (phase, split, last analysis), if it is moving it. */
    public Optional<LoopProgress> progress(String loop) {
        return progress.of(loop);
    }

    public List<Deployment> list() {
        return history.list();
    }

    public Optional<Deployment> get(String id) {
        return history.get(id);
    }

    public Optional<Deployment> current() {
        return history.current();
    }

    public AutoCloseable follow(String id, long afterSeq, EventSink sink) {
        return history.find(id).follow(afterSeq, sink);
    }

    /**
     * Reloads the history, and if the agent died during a deployment, restores what served before it and marks it
     * ROLLED_BACK, on the deployment thread (see {@link DeploymentRecovery}); returns once that has begun.
     */
    public void recover() throws IOException {
        recovery.recover(flags);
    }

    @Override
    public void close() {
        scaleDown.close();
        verifier.close();
        deploymentThread.shutdownNow();
        workers.shutdownNow();
        try {
            deploymentThread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
