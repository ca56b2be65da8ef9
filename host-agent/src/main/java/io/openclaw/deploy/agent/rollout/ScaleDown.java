package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.InstanceRecord;
import io.openclaw.deploy.agent.release.ReleaseStore;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retires instances that no longer serve: the previous slot after the scale-down delay (until then a rollback is a
 * routing switch), and the releases no assignment or instance needs beyond {@code releases.keep}. The delayed work
 * runs on the deployment thread, so nothing stops an instance while a deployment is deciding about it.
 */
final class ScaleDown implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScaleDown.class);

    private final AgentConfig config;
    private final Fleet fleet;
    private final InstanceBatch batch;
    private final ReleaseStore releases;
    private final Executor deploymentThread;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DeploymentCoordinator.named("scale-down"));
    /** Per instance id, the last {@link #later} that scheduled it: only that one may stop it. */
    private final Map<String, Long> latestSchedule = new ConcurrentHashMap<>();
    private final AtomicLong schedules = new AtomicLong();

    ScaleDown(AgentConfig config, Fleet fleet, InstanceBatch batch, ReleaseStore releases, Executor deploymentThread) {
        this.config = config;
        this.fleet = fleet;
        this.batch = batch;
        this.releases = releases;
        this.deploymentThread = deploymentThread;
    }

    /**
     * Schedules the instances unrouted now for draining and stopping after the scale-down delay. Only those, and only
     * if nothing scheduled them again meanwhile: an instance routed again by a rollback and left as standby by a later
     * deployment gets that deployment's delay, not what was left of the first one's (it would be stopped at once, and
     * a rollback within the window would have to start it again).
     */
    void later() {
        Set<String> candidates = fleet.unassigned().stream().map(InstanceRecord::id).collect(Collectors.toSet());
        if (candidates.isEmpty()) {
            return;
        }
        long schedule = schedules.incrementAndGet();
        candidates.forEach(id -> latestSchedule.put(id, schedule));
        long delayMillis = config.slots().scaleDownDelay().toMillis();
        timer.schedule(() -> deploymentThread.execute(() -> scaleDown(schedule)), delayMillis,
                TimeUnit.MILLISECONDS);
    }

    /** Stops the instances still unrouted that {@code schedule} was the last to schedule. */
    private void scaleDown(long schedule) {
        try {
            List<InstanceSpec> idle = fleet.unassigned().stream()
                    .filter(i -> latestSchedule.remove(i.id(), schedule))
                    .map(InstanceRecord::spec)
                    .toList();
            if (idle.isEmpty()) {
                return;
            }
            batch.drainAndStop(idle, null);
            LOG.info("Scaled down {} standby instance(s): {}", idle.size(), idle.stream().map(InstanceSpec::id).toList());
            pruneReleases();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Scale-down failed", e);
        }
    }

    /** Deletes old releases beyond {@code releases.keep}, sparing every version still assigned or running. */
    void pruneReleases() {
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

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
