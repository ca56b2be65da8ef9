package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.DiskFullException;
import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.flags.FlagService;
import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.InstanceRecord;
import io.openclaw.deploy.agent.journal.LoopAssignment;
import io.openclaw.deploy.agent.release.ArtifactStore;
import io.openclaw.deploy.agent.release.InstalledRelease;
import io.openclaw.deploy.agent.release.ReleaseInstaller;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import io.openclaw.deploy.agent.verification.LogBaseline;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.VerificationReport;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted deployment, on the deployment thread: install the release, plan each loop's strategy, run the
 * {@link ReleaseSequence}, and end the deployment SUCCEEDED, ROLLED_BACK (every loop it moved goes back) or FAILED.
 */
final class DeploymentRun {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRun.class);

    private final AgentHome home;
    private final ArtifactStore artifacts;
    private final Fleet fleet;
    private final BlueGreenSwitch blueGreen;
    private final ReleaseSequence sequence;
    private final InstalledReleases installed;
    private final ScaleDown scaleDown;
    private final InstanceBatch batch;
    private final DeploymentObserver observer;
    private final ReleaseVerification verification;
    private volatile Consumer<InstalledRelease> releaseInstalled = release -> {};

    DeploymentRun(AgentHome home, ArtifactStore artifacts, Fleet fleet, BlueGreenSwitch blueGreen,
            ReleaseSequence sequence, InstalledReleases installed, ScaleDown scaleDown, InstanceBatch batch,
            DeploymentObserver observer, ReleaseVerification verification) {
        this.observer = observer;
        this.home = home;
        this.artifacts = artifacts;
        this.fleet = fleet;
        this.blueGreen = blueGreen;
        this.sequence = sequence;
        this.installed = installed;
        this.scaleDown = scaleDown;
        this.batch = batch;
        this.verification = verification;
    }

    /** Called with each newly installed release before its loops start; an {@link OperationException} fails it. */
    void onReleaseInstalled(Consumer<InstalledRelease> listener) {
        this.releaseInstalled = Objects.requireNonNull(listener, "listener");
    }

    /** @param flags the agent's flags for feature-flag loops; null: they ramp as plain canaries */
    void run(DeploymentLog log, DeployRequest request, DeployRequestValidation.Valid valid, RolloutControl control,
            FlagService flags) {
        try {
            InstalledRelease release = install(log, request, valid.sha());
            if (release == null) {
                return;
            }
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
                    valid.rollout().cutover().gradual());
            log.info(EventTypes.INFO, plan.describe(), Map.of("strategies", plan.strategies()));
            FleetRecord before = fleet.record();
            LogBaseline baseline = verification.baseline();
            try {
                sequence.run(plan, removed, valid.rollout(), control, log, flags);
                verify(log, baseline);
            } catch (DeploymentFailure f) {
                restoreMovedLoops(before, log);
                throw f;
            } catch (RuntimeException e) {
                if (!DiskFullException.isDiskFull(e)) {
                    throw e;
                }
                // The journal could not record a step: what this deployment moved goes back (as far as the disk
                // lets the fleet's record change), and it ends for that reason.
                LOG.error("Deployment {}: the disk is full", log.id(), e);
                restoreMovedLoops(before, log);
                throw new DeploymentFailure(diskFull("record the deployment's steps", e));
            }
            keepRollbackTarget(before);
            retireOldCanaryInstances(plan.canary().keySet(), log);
            log.finish(DeploymentState.SUCCEEDED, null, "release " + release.version() + " is serving");
            scaleDown.later();
            scaleDown.pruneReleases();
        } catch (DeploymentFailure f) {
            log.finish(DeploymentState.ROLLED_BACK, f.reason(), "rolled back: " + f.reason());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.finish(DeploymentState.FAILED, "the agent is shutting down", "interrupted by agent shutdown");
        } catch (RuntimeException e) {
            LOG.error("Deployment {} failed", log.id(), e);
            String reason = DiskFullException.isDiskFull(e) ? diskFull("complete the deployment", e) : e.toString();
            log.finish(DeploymentState.FAILED, reason, "failed: " + reason);
        } finally {
            if (log.view().state() != DeploymentState.SUCCEEDED) {
                installed.dropFailedArtifact(valid.sha());
            }
        }
    }

    /**
     * Spec 10.2 at the end of the deployment, before the previous release is let go: a failed item (one not
     * configured to warn only) fails the deployment, and its caller returns every moved loop.
     */
    private void verify(DeploymentLog log, LogBaseline baseline) throws InterruptedException, DeploymentFailure {
        log.state(DeploymentState.VERIFYING, "checklist", "running the release verification checklist");
        VerificationReport report = verification.verify(VerificationReport.TRIGGER_DEPLOY, log.id(), baseline);
        log.verification(report);
        if (!report.passed()) {
            throw new DeploymentFailure("verification failed: " + report.failureSummary());
        }
    }

    /** The reason a deployment ends when the disk is full: what failed, and what to do. */
    static String diskFull(String what, Throwable cause) {
        String detail = cause instanceof DiskFullException ? "" : " (" + cause.getMessage() + ")";
        return (cause instanceof DiskFullException ? cause.getMessage()
                : DiskFullException.refusing(what, cause).getMessage()) + detail;
    }

    /** @return the installed release, or null when the deployment has failed (nothing started) */
    private InstalledRelease install(DeploymentLog log, DeployRequest request, String sha) {
        log.state(DeploymentState.INSTALLING, "installing the release from artifact " + sha.substring(0, 12));
        InstalledRelease release;
        try {
            release = ReleaseInstaller.install(artifacts.path(sha), sha, home.releases(), request.version());
        } catch (OperationException | IOException e) {
            String reason = DiskFullException.isDiskFull(e) ? diskFull("install the release", e) : e.getMessage();
            log.finish(DeploymentState.FAILED, reason, "the release could not be installed: " + reason);
            return null;
        }
        log.version(release.version());
        try {
            // Before the new loops start, so they find the flags their release brings.
            releaseInstalled.accept(release);
        } catch (OperationException e) {
            log.finish(DeploymentState.FAILED, e.getMessage(), "the release's defaults were refused: " + e.getMessage());
            return null;
        }
        log.info(EventTypes.RELEASE_UNPACKED, "release " + release.version() + " installed in " + release.dir()
                + " with " + release.manifest().loops().size() + " loop(s)",
                Map.of("version", release.version(), "loops", release.manifest().loopNames()));
        return release;
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
                installed.find(was.version()).ifPresent(r -> back.put(e.getKey(), r));
            }
        }
        if (back.isEmpty() && added.isEmpty()) {
            return;
        }
        log.info(EventTypes.ROLLBACK_STARTED, "returning " + (back.size() + added.size())
                + " loop(s) this deployment already moved to the previous release: " + back.keySet()
                + (added.isEmpty() ? "" : ", removing " + added), Map.of("loops", List.copyOf(back.keySet())));
        long t0 = System.nanoTime();
        try {
            blueGreen.run(back, added, log, true);
            observer.rolledBack(DeploymentObserver.RollbackTrigger.AUTOMATIC,
                    Duration.ofNanos(System.nanoTime() - t0));
        } catch (DeploymentFailure f) {
            LOG.error("Deployment {}: could not return every loop to the previous release: {}", log.id(), f.reason());
            throw new IllegalStateException("could not return every loop to the previous release: " + f.reason());
        }
    }

    /** A deployment may switch more than once (canary promotion, then the rest); a rollback returns to before it. */
    private void keepRollbackTarget(FleetRecord before) {
        Map<String, LoopAssignment> beforePlain = CanarySplits.withoutCanaries(before.assignments());
        if (beforePlain.equals(CanarySplits.withoutCanaries(fleet.record().assignments()))) {
            return; // nothing moved: the rollback target stays what it was
        }
        fleet.update(r -> r.withPrevious(
                r.release() != null && r.release().equals(before.release()) ? r.previousRelease() : before.release(),
                beforePlain));
    }

    /** Spec 6: once a canary is promoted the old version's instances drain and stop. */
    private void retireOldCanaryInstances(Set<String> loops, DeploymentLog log) throws InterruptedException {
        if (loops.isEmpty()) {
            return;
        }
        List<InstanceSpec> old = fleet.unassigned().stream()
                .map(InstanceRecord::spec)
                .filter(spec -> loops.contains(spec.loop()))
                .toList();
        if (!old.isEmpty()) {
            batch.drainAndStop(old, log);
        }
    }
}
