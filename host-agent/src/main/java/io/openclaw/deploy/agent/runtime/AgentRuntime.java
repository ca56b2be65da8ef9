package io.openclaw.deploy.agent.runtime;

import io.openclaw.deploy.agent.DiskFullException;
import io.openclaw.deploy.agent.api.AgentOperations;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.disk.ReadOnlyMode;
import io.openclaw.deploy.agent.flags.FlagOperations;
import io.openclaw.deploy.agent.flags.FlagsRuntime;
import io.openclaw.deploy.agent.flags.OfrepServer;
import io.openclaw.deploy.agent.journal.Journal;
import io.openclaw.deploy.agent.release.ArtifactStore;
import io.openclaw.deploy.agent.release.ReleaseStore;
import io.openclaw.deploy.agent.resources.OshiSampler;
import io.openclaw.deploy.agent.resources.ResourceMonitor;
import io.openclaw.deploy.agent.resources.ResourceSampler;
import io.openclaw.deploy.agent.rollout.DeploymentCoordinator;
import io.openclaw.deploy.agent.rollout.Fleet;
import io.openclaw.deploy.agent.router.ClientLimits;
import io.openclaw.deploy.agent.router.Router;
import io.openclaw.deploy.agent.router.RouterSettings;
import io.openclaw.deploy.agent.supervisor.ProcessControl;
import io.openclaw.deploy.agent.supervisor.ProcessHandleControl;
import io.openclaw.deploy.agent.supervisor.Supervisor;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent assembled: router, supervisor, fleet, deployments. Starting it recovers whatever a previous agent process
 * left (adopting live loops, restoring the release an interrupted deployment replaced) before traffic is routed.
 */
public final class AgentRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);

    private final Router router;
    private final Supervisor supervisor;
    private final Fleet fleet;
    private final DeploymentCoordinator coordinator;
    private final AgentService service;
    private final FlagsRuntime flags;
    private final List<AutoCloseable> extras = new ArrayList<>();
    private volatile boolean closed;

    private AgentRuntime(Router router, Supervisor supervisor, Fleet fleet, DeploymentCoordinator coordinator,
            AgentService service, FlagsRuntime flags) {
        this.flags = flags;
        this.router = router;
        this.supervisor = supervisor;
        this.fleet = fleet;
        this.coordinator = coordinator;
        this.service = service;
    }

    /**
     * @param fingerprint the control API certificate's fingerprint, reported by {@code /v1/status}
     */
    public static AgentRuntime start(AgentHome home, AgentConfig config, String fingerprint, String agentVersion,
            Clock clock) throws Exception {
        return start(home, config, fingerprint, agentVersion, clock, new ProcessHandleControl());
    }

    /**
     * @param processControl how loop processes are grouped, asked to exit and killed on this OS (the platform's choice)
     */
    public static AgentRuntime start(AgentHome home, AgentConfig config, String fingerprint, String agentVersion,
            Clock clock, ProcessControl processControl) throws Exception {
        for (var dir : List.of(home.releases(), home.artifacts(), home.state(), home.logs(), home.slotData("blue"),
                home.slotData("green"), home.backups())) {
            createDirectory(dir);
        }
        // Issue 12: on a full disk the agent starts in read-only mode (serves, reports, refuses changes).
        ReadOnlyMode readOnly = new ReadOnlyMode(home.state());
        readOnly.probe();
        PrometheusRegistry registry = new PrometheusRegistry();
        Router router = new Router(routerSettings(config), registry);
        Journal journal = new Journal(home.state());
        Fleet fleet = new Fleet(journal, router, journal.loadFleet());
        Supervisor supervisor = new Supervisor(config.supervision(), home.logs(), fleet::onInstanceEvent, processControl);
        fleet.attach(supervisor);
        DeploymentCoordinator coordinator = null;
        FlagsRuntime flags = null;
        ResourceMonitor resources = null;
        try {
            // Before any loop starts, so that every loop process gets OPENCLAW_FLAGS_URL/TOKEN. An agent configured
            // with ephemeral ports (router_port 0, as in tests) takes an ephemeral OFREP port too unless flags.listen
            // names another port than the default.
            AgentConfig.Flags ofrep = config.flags();
            boolean ephemeral = config.listen().routerPort() == 0 && ofrep.port() == OfrepServer.DEFAULT_PORT;
            flags = FlagsRuntime.start(home, ofrep.bind(), ephemeral ? 0 : ofrep.port(), fleet.record().release(),
                    clock);
            fleet.adoptOrRestart();
            router.start();
            ArtifactStore artifacts = new ArtifactStore(home.artifacts(), config.releases().maxArtifactBytes(), clock);
            ReleaseStore releases = new ReleaseStore(home.releases(), artifacts, config.releases().artifactGrace());
            coordinator = new DeploymentCoordinator(
                    home, config, journal, fleet, supervisor, router, artifacts, releases, clock);
            FlagsRuntime flagsForReleases = flags;
            flags.service().beforeApiChange(() -> readOnly.requireWritable("change a flag"));
            readOnly.whenWritable(fleet::saveIfUnsaved);
            readOnly.whenWritable(() -> saveFlagsEndpoint(flagsForReleases));
            coordinator.onReleaseInstalled(release -> flagsForReleases.releaseDeployed(release.dir(), release.version()));
            coordinator.releaseByFlagsWith(flags.service());
            coordinator.recover();
            pruneArtifacts(releases);
            GaugeWithCallback.builder()
                    .name("openclaw_agent_loops_running")
                    .help("Loops with at least one healthy instance taking traffic")
                    .callback(cb -> cb.call(router.table().loops().values().stream()
                            .filter(backends -> backends.stream().anyMatch(b -> b.weight() > 0))
                            .count()))
                    .register(registry);
            resources = startResourceMonitor(config, supervisor, coordinator, registry, clock);
            AgentService service = new AgentService(fleet, supervisor, router, coordinator, artifacts, releases,
                    registry, fingerprint, agentVersion, resources, readOnly);
            LOG.info("Agent started: router on {}:{}, {} loop(s) assigned", config.listen().bind(), router.port(),
                    fleet.record().assignments().size());
            AgentRuntime runtime = new AgentRuntime(router, supervisor, fleet, coordinator, service, flags);
            runtime.closeWith(resources);
            return runtime;
        } catch (Exception | Error e) {
            if (resources != null) {
                resources.close();
            }
            if (coordinator != null) {
                coordinator.close();
            }
            router.close();
            // The loops keep running: a failed start must not take OpenClaw down with it.
            fleet.close();
            if (flags != null) {
                flags.close();
            }
            throw e;
        }
    }

    /** A home directory; on a full disk one that already exists is all the agent needs (read-only mode). */
    private static void createDirectory(java.nio.file.Path dir) throws java.io.IOException {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            if (!DiskFullException.isDiskFull(e) || !Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    private static void saveFlagsEndpoint(FlagsRuntime flags) {
        try {
            flags.saveEndpoint();
        } catch (java.io.IOException e) {
            LOG.warn("Cannot write the OFREP address: {}", e.toString());
        }
    }

    static RouterSettings routerSettings(AgentConfig config) {
        AgentConfig.RouterLimits r = config.routerLimits();
        return RouterSettings.of(config.listen().bind(), config.listen().routerPort()).withClientLimits(new ClientLimits(
                r.headerTimeout(), r.idleTimeout(), r.maxConnections(), r.maxRequestBodyBytes(),
                r.maxRequestBodyBytesPerLoop()));
    }

    /** Artifacts left unreferenced while the agent was down (or by an older agent) go at start-up, not at the next deployment. */
    private static void pruneArtifacts(ReleaseStore releases) {
        try {
            releases.pruneArtifacts();
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("Cannot prune unreferenced artifacts: {}", e.toString());
        }
    }

    /**
     * Spec 9.1's CPU and memory alerts: logged by the monitor, and recorded as events of the deployment running at the
     * time, if any.
     */
    private static ResourceMonitor startResourceMonitor(AgentConfig config, Supervisor supervisor,
            DeploymentCoordinator coordinator, PrometheusRegistry registry, Clock clock) {
        ResourceSampler sampler;
        try {
            sampler = new OshiSampler();
        } catch (RuntimeException | LinkageError e) {
            // Figures and alerts are a help, not a duty: an agent whose OS OSHI cannot read still runs the loops.
            LOG.warn("Resource figures and alerts are off: the process figures of this system cannot be read ({})",
                    e.toString());
            sampler = pids -> Map.of();
        }
        ResourceMonitor monitor = new ResourceMonitor(sampler, supervisor::instances,
                config.rollout().rollback().resources(), registry, clock);
        monitor.onAlert(coordinator::recordAlert);
        coordinator.useResourceFigures(monitor);
        monitor.start();
        return monitor;
    }

    public AgentOperations operations() {
        return service;
    }

    /** The admin operations on flags ({@code /v1/flags...}). */
    public FlagOperations flags() {
        return flags.operations();
    }

    /** The flags part (store, OFREP listener). */
    public FlagsRuntime flagsRuntime() {
        return flags;
    }

    public int routerPort() {
        return router.port();
    }

    /** Closed with the runtime, before the loops are stopped (e.g. the control API). */
    public void closeWith(AutoCloseable resource) {
        extras.add(resource);
    }

    /**
     * Graceful stop: no new work, the running deployment is interrupted, the router stops, then every loop is asked
     * to exit (and killed after the stop timeout). The journal keeps the assignments, so the next start brings the
     * same release back.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Agent stopping");
        for (AutoCloseable extra : extras) {
            try {
                extra.close();
            } catch (Exception e) {
                LOG.warn("Error while closing {}", extra, e);
            }
        }
        coordinator.close();
        fleet.close();
        router.close();
        supervisor.close();
        // Last: loops read flags until they stop.
        flags.close();
        LOG.info("Agent stopped");
    }
}
