package io.openclaw.deploy.agent.runtime;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.api.AgentOperations;
import io.openclaw.deploy.agent.api.EventSink;
import io.openclaw.deploy.agent.dataplane.RouterHandle;
import io.openclaw.deploy.agent.disk.ReadOnlyMode;
import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.LoopAssignment;
import io.openclaw.deploy.agent.monitoring.AvailabilityMeter;
import io.openclaw.deploy.agent.release.ArtifactStore;
import io.openclaw.deploy.agent.release.ArtifactUpload;
import io.openclaw.deploy.agent.release.InstalledRelease;
import io.openclaw.deploy.agent.release.ReleaseStore;
import io.openclaw.deploy.agent.resources.ResourceFigures;
import io.openclaw.deploy.agent.resources.ResourceUsage;
import io.openclaw.deploy.agent.rollout.DeploymentCoordinator;
import io.openclaw.deploy.agent.rollout.Fleet;
import io.openclaw.deploy.agent.router.Backend;
import io.openclaw.deploy.agent.router.Router;
import io.openclaw.deploy.agent.router.RoutingTable;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import io.openclaw.deploy.agent.supervisor.Supervisor;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DiskStatus;
import io.openclaw.deploy.protocol.InstanceStatus;
import io.openclaw.deploy.protocol.LoopStatus;
import io.openclaw.deploy.protocol.ProblemTypes;
import io.openclaw.deploy.protocol.RollbackRequest;
import io.openclaw.deploy.protocol.VerificationReport;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The agent as the control API sees it: a thin facade over the fleet, the coordinator and the stores. */
final class AgentService implements AgentOperations {
    private final Fleet fleet;
    private final Supervisor supervisor;
    private final Router router;
    private final DeploymentCoordinator coordinator;
    private final ArtifactStore artifacts;
    private final ReleaseStore releases;
    private final PrometheusRegistry registry;
    private final String fingerprint;
    private final String agentVersion;
    private final ResourceFigures resources;
    private final AvailabilityMeter availability;
    private final ReadOnlyMode readOnly;

    AgentService(
            Fleet fleet,
            Supervisor supervisor,
            Router router,
            DeploymentCoordinator coordinator,
            ArtifactStore artifacts,
            ReleaseStore releases,
            PrometheusRegistry registry,
            String fingerprint,
            String agentVersion,
            ResourceFigures resources,
            AvailabilityMeter availability, ReadOnlyMode readOnly) {
        this.resources = resources;
        this.availability = availability;
        this.readOnly = readOnly;
        this.fleet = fleet;
        this.supervisor = supervisor;
        this.router = router;
        this.coordinator = coordinator;
        this.artifacts = artifacts;
        this.releases = releases;
        this.registry = registry;
        this.fingerprint = fingerprint;
        this.agentVersion = agentVersion;
    }

    @Override
    public Deployment controlDeployment(String deploymentId, String action, String requestedBy, String reason) {
        DeploymentCoordinator.ControlAction parsed;
        try {
            parsed = DeploymentCoordinator.ControlAction.valueOf(
                    action == null ? "" : action.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OperationException(ProblemTypes.VALIDATION,
                    400, "action must be one of pause, resume, promote, abort, got '" + action + "'");
        }
        return readOnly.change(action + " the deployment",
                () -> coordinator.control(deploymentId, parsed, requestedBy, reason));
    }

    @Override
    public AgentStatus status() {
        FleetRecord record = fleet.record();
        RoutingTable table = router.table();
        List<InstanceSnapshot> instances = supervisor.instances();
        Set<String> loopNames = new LinkedHashSet<>(record.assignments().keySet());
        instances.forEach(i -> loopNames.add(i.spec().loop()));
        List<LoopStatus> loops = new ArrayList<>();
        for (String loop : loopNames) {
            LoopAssignment assignment = record.assignments().get(loop);
            Map<String, Integer> weights = weights(table.backends(loop));
            List<InstanceStatus> statuses = instances.stream()
                    .filter(i -> i.spec().loop().equals(loop))
                    .sorted(Comparator.comparing(i -> i.spec().id()))
                    .map(i -> instanceStatus(i, weights.getOrDefault(i.spec().id(), 0)))
                    .toList();
            loops.add(new LoopStatus(loop, assignment == null ? null : assignment.strategy(),
                    assignment == null ? null : assignment.version(), statuses,
                    coordinator.progress(loop).orElse(null)));
        }
        Set<String> slots = record.assignments().values().stream().map(LoopAssignment::slot).collect(Collectors.toSet());
        String activeSlot = slots.size() == 1 ? slots.iterator().next() : null;
        List<String> kept;
        try {
            kept = releases.list().stream().map(InstalledRelease::version).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list releases", e);
        }
        readOnly.refresh();
        return new AgentStatus(record.release(), activeSlot, fingerprint, loops,
                coordinator.current().orElse(null), agentVersion, kept, availability.measure(),
                new DiskStatus(readOnly.active(), readOnly.freeBytes()));
    }

    private InstanceStatus instanceStatus(InstanceSnapshot i, int weight) {
        Optional<ResourceUsage> usage = resources.usage(i.spec().id());
        return new InstanceStatus(i.spec().id(), i.spec().version(), i.spec().slot(), i.spec().port(), i.pid(),
                i.healthy(), weight, i.state().name(),
                usage.map(u -> Math.round(u.cpuPercent() * 10) / 10.0).orElse(null),
                usage.map(ResourceUsage::memoryBytes).orElse(null),
                usage.map(u -> Math.round(u.memoryPercent() * 100) / 100.0).orElse(null));
    }

    /** Each routed instance's share of its loop's traffic, in whole percent. */
    private static Map<String, Integer> weights(List<Backend> backends) {
        int total = backends.stream().mapToInt(Backend::weight).sum();
        if (total == 0) {
            return Map.of();
        }
        return backends.stream().collect(Collectors.toMap(
                Backend::instanceId, b -> (int) Math.round(100.0 * b.weight() / total), Integer::sum));
    }

    @Override
    public boolean hasArtifact(String sha256) {
        return artifacts.contains(sha256);
    }

    @Override
    public ArtifactUpload beginUpload(String sha256, long declaredLength) {
        return readOnly.change("store the artifact", () -> {
            try {
                return new WatchedUpload(artifacts.begin(sha256, declaredLength), readOnly);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store artifact " + sha256, e);
            }
        });
    }

    @Override
    public Deployment deploy(DeployRequest request, String idempotencyKey, String requestedBy) {
        return readOnly.change("start a deployment", () -> coordinator.deploy(request, idempotencyKey, requestedBy));
    }

    @Override
    public List<Deployment> deployments() {
        return coordinator.list();
    }

    @Override
    public Optional<Deployment> deployment(String id) {
        return coordinator.get(id);
    }

    @Override
    public AutoCloseable followEvents(String deploymentId, long afterSeq, EventSink sink) {
        return coordinator.follow(deploymentId, afterSeq, sink);
    }

    @Override
    public Deployment rollback(RollbackRequest request, String requestedBy) {
        return readOnly.change("start a rollback", () -> coordinator.rollback(request, requestedBy));
    }

    @Override
    public VerificationReport verify() throws InterruptedException {
        return coordinator.verify();
    }

    @Override
    public PrometheusRegistry metrics() {
        return registry;
    }

    @Override
    public String otherProcessMetrics() {
        return router instanceof RouterHandle remote ? remote.metricsText() : "";
    }
}
