package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.flags.FlagService;
import io.openclaw.deploy.agent.journal.DeploymentRecord;
import io.openclaw.deploy.agent.journal.InstanceRecord;
import io.openclaw.deploy.agent.journal.Journal;
import io.openclaw.deploy.agent.journal.LoopAssignment;
import io.openclaw.deploy.agent.release.InstalledRelease;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a restart of the agent: reloads the history and, for a deployment the agent died in, restores what served
 * before it (the loops themselves kept running) and marks it ROLLED_BACK. The restore runs on the deployment thread
 * while the agent serves its API again: switching the loops back and draining takes half a second or more under load,
 * and the agent is back in control without waiting for it (issue 12). Until the restore has ended the interrupted
 * deployment is the running one (status shows it rolling back, a deployment or rollback asked for meanwhile is
 * refused as for any running deployment). The instances that deployment started and never routed are stopped after
 * it, on the same thread.
 */
final class DeploymentRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRecovery.class);
    private static final String REASON = "the agent stopped during the deployment; the previous release was restored";

    private final Journal journal;
    private final DeploymentHistory history;
    private final Fleet fleet;
    private final BlueGreenSwitch blueGreen;
    private final InstalledReleases installed;
    private final ScaleDown scaleDown;
    private final TrafficWeights weights;
    private final InstanceBatch batch;
    private final ExecutorService deploymentThread;

    DeploymentRecovery(Journal journal, DeploymentHistory history, Fleet fleet, BlueGreenSwitch blueGreen,
            InstalledReleases installed, ScaleDown scaleDown, TrafficWeights weights, InstanceBatch batch,
            ExecutorService deploymentThread) {
        this.journal = journal;
        this.history = history;
        this.fleet = fleet;
        this.blueGreen = blueGreen;
        this.installed = installed;
        this.scaleDown = scaleDown;
        this.weights = weights;
        this.batch = batch;
        this.deploymentThread = deploymentThread;
    }

    /**
     * Loads the history and begins the restore on the deployment thread; returns once an interrupted deployment is the
     * running one, not when it is restored.
     *
     * @param flags the agent's flags, whose release flags an interrupted deployment left on go off; may be null
     */
    void recover(FlagService flags) throws IOException {
        List<DeploymentRecord> records = journal.loadDeployments();
        journal.prune(records);
        List<DeploymentLog> interrupted = history.load(records);
        Set<String> unfinished = interrupted.stream().map(DeploymentLog::id).collect(Collectors.toSet());
        // A mark the journal's deployments do not explain (the agent died between a deployment's end and its mark's)
        fleet.observe(r -> r.runningDeployment() == null || unfinished.contains(r.runningDeployment()) ? r
                : r.withRunningDeployment(null));
        if (!interrupted.isEmpty()) {
            history.recovering(interrupted.get(0)); // before the API serves: no deployment may start in between
        }
        deploymentThread.execute(() -> {
            for (DeploymentLog log : interrupted) {
                if (Thread.currentThread().isInterrupted()) {
                    return; // the agent is stopping
                }
                history.recovering(log);
                try {
                    restore(log, flags);
                } finally {
                    // An agent stopping meanwhile interrupts the restore: the mark stays for the next one to recover.
                    if (log.view().isFinished()) {
                        history.finished(log);
                    }
                }
            }
            // Standbys adopted from before the restart keep serving as rollback targets for one more delay.
            scaleDown.later();
        });
    }

    private void stopLeftovers(String deploymentId, List<InstanceSpec> leftovers) {
        try {
            batch.stop(leftovers, null);
            LOG.info("Stopped the {} instance(s) interrupted deployment {} had started", leftovers.size(), deploymentId);
        } catch (RuntimeException e) {
            LOG.error("Stopping the instances interrupted deployment {} had started failed", deploymentId, e);
        }
    }

    private void restore(DeploymentLog log, FlagService flags) {
        DeploymentRecord record = log.record();
        try {
            Map<String, InstalledRelease> targets = new LinkedHashMap<>();
            for (LoopAssignment a : record.previousAssignments().values()) {
                installed.find(a.version()).ifPresent(release -> targets.put(a.loop(), release));
            }
            Set<String> removed = fleet.record().assignments().keySet().stream()
                    .filter(loop -> !record.previousAssignments().containsKey(loop))
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            log.info(EventTypes.ROLLBACK_STARTED, "agent restarted during this deployment; restoring "
                    + (record.previousRelease() == null ? "the previous state" : "release " + record.previousRelease()),
                    Map.of());
            // A canary or rolling batch in progress: its share of traffic goes first (the stable version still runs).
            weights.clearAll();
            FlagRollout.switchOffLeftovers(flags, log);
            blueGreen.run(targets, removed, log, true);
            // Whatever the interrupted deployment started and never routed goes now, not after a delay.
            List<InstanceSpec> leftovers = fleet.unassigned().stream()
                    .filter(i -> i.spec().version().equals(record.view().version()))
                    .map(InstanceRecord::spec)
                    .toList();
            log.finish(DeploymentState.ROLLED_BACK, REASON, "rolled back: " + REASON
                    + (leftovers.isEmpty() ? "" : "; stopping the " + leftovers.size() + " instance(s) it started"));
            if (!leftovers.isEmpty()) {
                deploymentThread.execute(() -> stopLeftovers(log.id(), leftovers));
            }
        } catch (DeploymentFailure f) {
            log.finish(DeploymentState.FAILED, f.reason(), "could not restore the previous release: " + f.reason());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Restore of {} failed", log.id(), e);
            log.finish(DeploymentState.FAILED, e.toString(), "could not restore the previous release: " + e);
        }
    }
}
