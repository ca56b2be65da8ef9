package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.LoopAssignment;
import io.openclaw.deploy.agent.release.InstalledRelease;
import io.openclaw.deploy.agent.verification.LogBaseline;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.ProblemTypes;
import io.openclaw.deploy.protocol.RollbackRequest;
import io.openclaw.deploy.protocol.VerificationReport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A requested rollback: to a named installed version, or to the assignments that served before the last deployment.
 * It is a blue-green switch (a routing change while the previous slot is still up within the scale-down delay).
 */
final class RollbackRun {
    private static final Logger LOG = LoggerFactory.getLogger(RollbackRun.class);

    /**
     * What the rollback moves.
     *
     * @param version the version it returns to, or null for a mix of versions
     * @param targets each loop with the release that is to serve it again
     * @param removed loops served now that the target does not have
     */
    record Targets(String version, Map<String, InstalledRelease> targets, Set<String> removed) {}

    private final Fleet fleet;
    private final BlueGreenSwitch blueGreen;
    private final InstalledReleases installed;
    private final ScaleDown scaleDown;
    private final DeploymentObserver observer;
    private final ReleaseVerification verification;

    RollbackRun(Fleet fleet, BlueGreenSwitch blueGreen, InstalledReleases installed, ScaleDown scaleDown,
            DeploymentObserver observer, ReleaseVerification verification) {
        this.observer = observer;
        this.verification = verification;
        this.fleet = fleet;
        this.blueGreen = blueGreen;
        this.installed = installed;
        this.scaleDown = scaleDown;
    }

    /** @throws OperationException 404 release-not-found, 409 no-previous-release */
    Targets targets(RollbackRequest request) {
        FleetRecord fleetNow = fleet.record();
        Map<String, InstalledRelease> targets = new LinkedHashMap<>();
        String version;
        if (request.toVersion() != null && !request.toVersion().isBlank()) {
            version = request.toVersion().trim();
            InstalledRelease release = installed.find(version).orElseThrow(() -> new OperationException(
                    ProblemTypes.RELEASE_NOT_FOUND, 404, "release " + version + " is not installed on this agent"
                    + " (installed: " + installed.versions() + ")"));
            release.manifest().loopNames().forEach(loop -> targets.put(loop, release));
        } else {
            if (fleetNow.previousAssignments().isEmpty()) {
                throw new OperationException(ProblemTypes.NO_PREVIOUS_RELEASE, 409,
                        "there is no previous release to roll back to");
            }
            for (LoopAssignment a : fleetNow.previousAssignments().values()) {
                targets.put(a.loop(), installed.find(a.version()).orElseThrow(() -> new OperationException(
                        ProblemTypes.RELEASE_NOT_FOUND, 404, "release " + a.version() + " is no longer installed")));
            }
            version = BlueGreenSwitch.singleVersion(fleetNow.previousAssignments());
        }
        Set<String> removed = new LinkedHashSet<>();
        fleetNow.assignments().keySet().stream().filter(l -> !targets.containsKey(l)).forEach(removed::add);
        return new Targets(version, targets, removed);
    }

    /**
     * On the deployment thread: switches and ends the rollback SUCCEEDED or FAILED. The release it returned to is
     * verified (spec 10.2) and the report recorded; a failed report is reported, not acted on: there is nothing
     * better to return to than what the rollback chose.
     */
    void run(DeploymentLog log, Targets targets) {
        try {
            LogBaseline baseline = verification.baseline();
            long t0 = System.nanoTime();
            blueGreen.run(targets.targets(), targets.removed(), log, true);
            long took = System.nanoTime() - t0;
            observer.rolledBack(DeploymentObserver.RollbackTrigger.REQUESTED, Duration.ofNanos(took));
            long millis = took / 1_000_000;
            VerificationReport report = verification.verify(VerificationReport.TRIGGER_ROLLBACK, log.id(), baseline);
            log.verification(report);
            FleetRecord r = fleet.record();
            log.finish(DeploymentState.SUCCEEDED, null, "rolled back to "
                    + (r.release() == null ? "the previous assignments" : "release " + r.release()) + " in "
                    + millis + " ms" + (report.passed() ? "; verification passed"
                            : "; verification FAILED: " + report.failureSummary()));
            scaleDown.later();
        } catch (DeploymentFailure f) {
            log.finish(DeploymentState.FAILED, f.reason(), "rollback failed: " + f.reason());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.finish(DeploymentState.FAILED, "the agent is shutting down", "interrupted by agent shutdown");
        } catch (RuntimeException e) {
            LOG.error("Rollback {} failed", log.id(), e);
            log.finish(DeploymentState.FAILED, e.toString(), "rollback failed: " + e);
        }
    }
}
