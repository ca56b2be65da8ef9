package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.config.DependencyTarget;
import io.openclaw.deploy.agent.config.VerificationSettings;
import io.openclaw.deploy.agent.journal.LoopAssignment;
import io.openclaw.deploy.agent.release.InstalledRelease;
import io.openclaw.deploy.agent.release.LoopSpec;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import io.openclaw.deploy.agent.supervisor.Supervisor;
import io.openclaw.deploy.agent.verification.LogBaseline;
import io.openclaw.deploy.agent.verification.ServingLoop;
import io.openclaw.deploy.agent.verification.Verifier;
import io.openclaw.deploy.protocol.VerificationReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The release verification (spec 10.2) as deployments use it: what serves now, from the fleet, the supervisor and
 * the installed manifests, handed to the {@link Verifier}; the log baseline is taken before anything moves.
 */
final class ReleaseVerification {
    private final Verifier verifier;
    private final Fleet fleet;
    private final Supervisor supervisor;
    private final InstalledReleases installed;
    private final VerificationSettings settings;

    ReleaseVerification(Verifier verifier, Fleet fleet, Supervisor supervisor, InstalledReleases installed,
            VerificationSettings settings) {
        this.verifier = verifier;
        this.fleet = fleet;
        this.supervisor = supervisor;
        this.installed = installed;
        this.settings = settings;
    }

    /** Before a deployment or rollback changes anything. */
    LogBaseline baseline() {
        return verifier.baseline(servingLoops());
    }

    VerificationReport verify(String trigger, String deploymentId, LogBaseline baseline) throws InterruptedException {
        return verifier.verify(trigger, deploymentId, servingLoops(), baseline);
    }

    /** {@code GET /v1/verification}: against the baseline of the last deployment or rollback. */
    VerificationReport onDemand() throws InterruptedException {
        return verifier.verify(VerificationReport.TRIGGER_ON_DEMAND, null, servingLoops(), verifier.lastBaseline());
    }

    List<ServingLoop> servingLoops() {
        List<InstanceSnapshot> instances = supervisor.instances();
        List<ServingLoop> loops = new ArrayList<>();
        // Each release's manifest is read once, not once per loop.
        Map<String, Optional<InstalledRelease>> releases = new HashMap<>();
        for (Map.Entry<String, LoopAssignment> e : fleet.record().assignments().entrySet()) {
            LoopAssignment a = e.getValue();
            List<InstanceSnapshot> serving = instances.stream()
                    .filter(i -> i.spec().loop().equals(a.loop()) && i.spec().version().equals(a.version())
                            && i.spec().slot().equals(a.slot()))
                    .toList();
            Set<DependencyTarget> dependencies = new LinkedHashSet<>();
            releases.computeIfAbsent(a.version(), installed::find).flatMap(r -> r.manifest().loop(a.loop()))
                    .map(LoopSpec::dependencies).ifPresent(dependencies::addAll);
            dependencies.addAll(settings.dependencies(a.loop()));
            loops.add(new ServingLoop(a.loop(), a.version(), serving, List.copyOf(dependencies)));
        }
        return loops;
    }
}
