package io.openclaw.deploy.agent.runtime;

import io.openclaw.deploy.agent.DiskFullException;
import io.openclaw.deploy.agent.LoopbackHttp;
import io.openclaw.deploy.agent.api.AgentOperations;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.dataplane.RouterFiles;
import io.openclaw.deploy.agent.dataplane.RouterHandle;
import io.openclaw.deploy.agent.dataplane.RouterKeeper;
import io.openclaw.deploy.agent.disk.ReadOnlyMode;
import io.openclaw.deploy.agent.flags.FlagOperations;
import io.openclaw.deploy.agent.flags.FlagsEndpoint;
import io.openclaw.deploy.agent.flags.FlagsRuntime;
import io.openclaw.deploy.agent.flags.OfrepServer;
import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.Journal;
import io.openclaw.deploy.agent.monitoring.AvailabilityMeter;
import io.openclaw.deploy.agent.monitoring.DeploymentMetrics;
import io.openclaw.deploy.agent.monitoring.FleetGauges;
import io.openclaw.deploy.agent.release.ArtifactStore;
import io.openclaw.deploy.agent.release.InstalledRelease;
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
import io.openclaw.deploy.agent.verification.MetricsScrape;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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

    /**
     * Bounds of the router process' JVM: its heap holds routing tables and five minutes of traffic windows, its direct
     * memory the buffers of requests in flight (body limits bound those). Raise them with
     * {@code OPENCLAW_ROUTER_JVM_OPTIONS} (see docs/configuration.md).
     *
     * <p>Netty's buffers, measured per request in the router (docs/performance.md): the classic pooled allocator and
     * no object recycler cost less CPU than 4.2's adaptive allocator and its recycler queues, and the sampled leak
     * detection (a stack trace per sampled buffer) is for tests, which run the router at {@code paranoid}.
     */
    static final List<String> ROUTER_JVM = List.of("-Xms16m", "-Xmx96m", "-XX:MaxDirectMemorySize=64m",
            "-XX:+UseSerialGC", "-Xss512k", "-Dio.netty.allocator.type=pooled",
            "-Dio.netty.recycler.maxCapacityPerThread=0", "-Dio.netty.leakDetection.level=disabled");

    /** How long the stops of processes the adoption rejected wait for {@link #backInControl} at most. */
    static final Duration REJECTED_STOPS_HELD_AT_MOST = Duration.ofSeconds(5);

    private final RouterKeeper routerProcess;
    private final RouterHandle router;
    private final Supervisor supervisor;
    private final Fleet fleet;
    private final DeploymentCoordinator coordinator;
    private final AgentService service;
    private final FlagsRuntime flags;
    private final List<AutoCloseable> extras = new ArrayList<>();
    private final Runnable rejectedStopsRelease;
    private volatile boolean closed;

    private AgentRuntime(RouterKeeper routerProcess, Supervisor supervisor, Fleet fleet,
            DeploymentCoordinator coordinator, AgentService service, FlagsRuntime flags,
            Runnable rejectedStopsRelease) {
        this.flags = flags;
        this.rejectedStopsRelease = rejectedStopsRelease;
        this.routerProcess = routerProcess;
        this.router = routerProcess.router();
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
        return start(home, config, () -> fingerprint, agentVersion, clock, new ProcessHandleControl(),
                StartupTimeline.sinceJvmStart());
    }

    /**
     * @param fingerprint gives the control API certificate's fingerprint (reported by {@code /v1/status}); asked for
     *     once the rest is up, so that the key store may still be loading meanwhile
     * @param processControl how loop processes are grouped, asked to exit and killed on this OS (the platform's choice)
     * @param timeline where each step of the start is marked
     */
    public static AgentRuntime start(AgentHome home, AgentConfig config, StartStep.Work<String> fingerprint,
            String agentVersion, Clock clock, ProcessControl processControl, StartupTimeline timeline)
            throws Exception {
        for (var dir : List.of(home.releases(), home.artifacts(), home.state(), home.logs(), home.slotData("blue"),
                home.slotData("green"), home.backups())) {
            createDirectory(dir);
        }
        // Issue 12: on a full disk the agent starts in read-only mode (serves, reports, refuses changes).
        ReadOnlyMode readOnly = new ReadOnlyMode(home.state());
        readOnly.probe();
        PrometheusRegistry registry = new PrometheusRegistry();
        // Steps that need nothing from each other overlap (StartStep): reading the process figures of the OS, and the
        // flags service, which only needs the release on record.
        StartStep<ResourceSampler> sampler = StartStep.begin("resources", AgentRuntime::resourceSampler);
        StartStep.begin("http", LoopbackHttp::client); // the router's admin port and the loops' health checks need it
        Journal journal = new Journal(home.state());
        FleetRecord recorded = journal.loadFleet();
        // An agent configured with ephemeral ports (router_port 0, as in tests) takes an ephemeral OFREP port too
        // unless flags.listen names another port than the default.
        AgentConfig.Flags ofrep = config.flags();
        boolean ephemeral = config.listen().routerPort() == 0 && ofrep.port() == OfrepServer.DEFAULT_PORT;
        StartStep<FlagsRuntime> flagsStart = StartStep.begin("flags",
                () -> FlagsRuntime.start(home, ofrep.bind(), ephemeral ? 0 : ofrep.port(), recorded.release(), clock));
        // A router a previous agent left keeps serving throughout this start: its handle is held until the fleet is
        // adopted. Adopting the router (a call of its admin port) and adopting the loops (their health checks) wait
        // for different processes, so they overlap; the tables the fleet publishes meanwhile wait in the held handle.
        RouterKeeper routerProcess;
        try {
            routerProcess = RouterKeeper.prepare(RouterFiles.of(home), routerSettings(config),
                    home.logs().resolve("router.log"), routerJvmOptions(), processControl::launchCommand);
        } catch (Exception | Error e) {
            flagsStart.discard(FlagsRuntime::close);
            throw e;
        }
        StartStep<RouterKeeper> routerStart = StartStep.begin("router", () -> {
            routerProcess.adoptOrStart();
            return routerProcess;
        });
        RouterHandle router = routerProcess.router();
        Fleet fleet = new Fleet(journal, router, recorded,
                listener -> new Supervisor(config.supervision(), home.logs(), listener, processControl));
        Supervisor supervisor = fleet.supervisor();
        Runnable rejectedStopsRelease = supervisor.holdRejectedStops(REJECTED_STOPS_HELD_AT_MOST);
        DeploymentCoordinator coordinator = null;
        FlagsRuntime flags = null;
        ResourceMonitor resources = null;
        try {
            // Adopting a running loop needs nothing from the flags service, so the two overlap; only a loop that must
            // be relaunched waits for it, to be given its address (OPENCLAW_FLAGS_URL/TOKEN).
            fleet.adoptOrRestart(() -> flagsEndpointOf(flagsStart));
            timeline.mark("loops");
            flags = flagsStart.join();
            timeline.mark("flags");
            routerStart.join();
            timeline.mark("router");
            router.goLive();
            flags.service().onChange(name -> {
                // A release flag decides requests in the router process, which holds a copy of it.
                if (name.startsWith("release.")) {
                    fleet.publish();
                }
            });
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
            coordinator.scrapeMetricsWith(() -> exposition(registry) + router.metricsText());
            coordinator.recover();
            timeline.mark("recovery");
            pruneArtifacts(releases);
            GaugeWithCallback.builder()
                    .name("openclaw_agent_loops_running")
                    .help("Loops with at least one healthy instance taking traffic")
                    .callback(cb -> cb.call(router.table().loops().values().stream()
                            .filter(backends -> backends.stream().anyMatch(b -> b.weight() > 0))
                            .count() * 1.0))
                    .register(registry);
            resources = startResourceMonitor(config, supervisor, coordinator, registry, clock, sampler.join());
            timeline.mark("resources");
            AvailabilityMeter availability = registerMonitoring(registry, clock, router, fleet, coordinator, releases);
            AgentService service = new AgentService(fleet, supervisor, router, coordinator, artifacts, releases,
                    registry, fingerprint.run(), agentVersion, resources, availability, readOnly);
            LOG.info("Agent started: router process {} on {}:{}, {} loop(s) assigned", routerProcess.pid(),
                    config.listen().bind(), router.port(), fleet.record().assignments().size());
            AgentRuntime runtime = new AgentRuntime(routerProcess, supervisor, fleet, coordinator, service, flags,
                    rejectedStopsRelease);
            runtime.closeWith(resources);
            return runtime;
        } catch (Exception | Error e) {
            if (resources != null) {
                resources.close();
            }
            if (coordinator != null) {
                coordinator.close();
            }
            // The loops and the router keep running: a failed start must not take OpenClaw down with it.
            routerStart.discard(keeper -> { }); // a router step still running would otherwise go on after this
            routerProcess.detach();
            fleet.close();
            supervisor.detach();
            if (flags != null) {
                flags.close();
            } else {
                flagsStart.discard(FlagsRuntime::close);
            }
            throw e;
        }
    }

    private static FlagsEndpoint flagsEndpointOf(StartStep<FlagsRuntime> flagsStart) {
        try {
            return flagsStart.join().endpoint();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the flags service", e);
        } catch (Exception e) {
            throw new IllegalStateException("the flags service did not start: " + e.getMessage(), e);
        }
    }

    private static List<String> routerJvmOptions() {
        String extra = System.getenv("OPENCLAW_ROUTER_JVM_OPTIONS");
        if (extra == null || extra.isBlank()) {
            return ROUTER_JVM;
        }
        List<String> options = new ArrayList<>(ROUTER_JVM);
        options.addAll(List.of(extra.trim().split("\\s+")));
        return options;
    }

    /**
     * The agent's registry as {@code GET /metrics} writes it (the router's metrics are appended by the caller), until
     * the control API can be scraped itself.
     */
    private static String exposition(PrometheusRegistry registry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Spec 10.2 "metrics flowing to monitoring": once the control API listens, the verification scrapes its
     * {@code /metrics} as Prometheus does (TLS, token), not the registry behind it.
     */
    public void scrapeMetricsWith(MetricsScrape scrape) {
        coordinator.scrapeMetricsWith(scrape);
    }

    /** A home directory; on a full disk one that already exists is all the agent needs (read-only mode). */
    private static void createDirectory(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            if (!DiskFullException.isDiskFull(e) || !Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    private static void saveFlagsEndpoint(FlagsRuntime flags) {
        try {
            flags.saveEndpoint();
        } catch (IOException e) {
            LOG.warn("Cannot write the OFREP address: {}", e.toString());
        }
    }

    static RouterSettings routerSettings(AgentConfig config) {
        AgentConfig.RouterLimits r = config.routerLimits();
        return RouterSettings.of(config.listen().bind(), config.listen().routerPort()).withClientLimits(new ClientLimits(
                r.headerTimeout(), r.idleTimeout(), r.maxConnections(), r.maxRequestBodyBytes(),
                r.maxRequestBodyBytesPerLoop()));
    }

    /** Spec 11's figures on {@code /metrics} (docs/monitoring.md); the availability meter also serves {@code status}. */
    private static AvailabilityMeter registerMonitoring(PrometheusRegistry registry, Clock clock, Router router,
            Fleet fleet, DeploymentCoordinator coordinator, ReleaseStore releases) {
        AvailabilityMeter availability = new AvailabilityMeter(router, () -> fleet.record().assignments().keySet(),
                () -> {
                    try {
                        return releases.list().stream().map(InstalledRelease::version).toList();
                    } catch (IOException e) {
                        // The routed versions are still counted; only a version no longer routed could be missed.
                        return List.of();
                    }
                });
        FleetGauges.register(registry, clock, router, () -> fleet.record().assignments().size(),
                () -> coordinator.current().isPresent(), availability);
        coordinator.observeWith(new DeploymentMetrics(registry));
        return availability;
    }

    /** Artifacts left unreferenced while the agent was down (or by an older agent) go at start-up, not at the next deployment. */
    private static void pruneArtifacts(ReleaseStore releases) {
        try {
            releases.pruneArtifacts();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot prune unreferenced artifacts: {}", e.toString());
        }
    }

    /**
     * Spec 9.1's CPU and memory alerts: logged by the monitor, and recorded as events of the deployment running at the
     * time, if any.
     */
    private static ResourceMonitor startResourceMonitor(AgentConfig config, Supervisor supervisor,
            DeploymentCoordinator coordinator, PrometheusRegistry registry, Clock clock, ResourceSampler sampler) {
        ResourceMonitor monitor = new ResourceMonitor(sampler, supervisor::instances,
                config.rollout().rollback().resources(), registry, clock);
        monitor.onAlert(coordinator::recordAlert);
        coordinator.useResourceFigures(monitor);
        coordinator.readRecentResourcesFrom(monitor);
        monitor.start();
        return monitor;
    }

    private static ResourceSampler resourceSampler() {
        try {
            return new OshiSampler();
        } catch (RuntimeException | LinkageError e) {
            // Figures and alerts are a help, not a duty: an agent whose OS OSHI cannot read still runs the loops.
            LOG.warn("Resource figures and alerts are off: the process figures of this system cannot be read ({})",
                    e.toString());
            return pids -> Map.of();
        }
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

    /**
     * The start is over (the API serves): the processes the adoption rejected, e.g. the new instances of a deployment
     * the previous agent died in, are stopped now. Until then, or {@link #REJECTED_STOPS_HELD_AT_MOST}, their
     * graceful exits are held back so as not to take the CPU the start needs ({@link Supervisor#holdRejectedStops}).
     */
    public void backInControl() {
        rejectedStopsRelease.run();
    }

    /** Closed with the runtime, before the loops are stopped (e.g. the control API). */
    public void closeWith(AutoCloseable resource) {
        extras.add(resource);
    }

    /** The router process' pid. */
    public long routerPid() {
        return routerProcess.pid();
    }

    /**
     * The agent stops, OpenClaw keeps running (a service restart, an agent upgrade, maintenance): no new work, the
     * running deployment is interrupted, and the router process and every loop stay up, serving with the last
     * routing table, for the next agent to adopt.
     */
    public synchronized void detach() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Agent stopping; the router and the loops keep running");
        closeControlPlane();
        routerProcess.detach();
        supervisor.detach();
        flags.close();
        LOG.info("Agent stopped; router process {} and {} loop instance(s) left running", routerProcess.pid(),
                fleet.record().instances().size());
    }

    /**
     * Stops the whole of OpenClaw: no new work, the running deployment is interrupted, the router process drains and
     * exits, then every loop is asked to exit (and killed after the stop timeout). The journal keeps the assignments,
     * so the next start brings the same release back.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Agent stopping with the router and every loop");
        closeControlPlane();
        routerProcess.close();
        supervisor.close();
        // Last: loops read flags until they stop.
        flags.close();
        LOG.info("Agent stopped");
    }

    private void closeControlPlane() {
        for (AutoCloseable extra : extras) {
            try {
                extra.close();
            } catch (Exception e) {
                LOG.warn("Error while closing {}", extra, e);
            }
        }
        coordinator.close();
        fleet.close();
    }
}
