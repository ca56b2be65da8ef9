package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.ProcessIdentity;
import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.InstanceRecord;
import io.openclaw.deploy.protocol.Deployment;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * After an agent restart: the instances the deployment the previous agent died in had started and not routed.
 * Recovery stops them anyway, so adoption spends no health checks on them (those still starting would fail them,
 * retried, for a second) and stops them at once.
 *
 * <p>An instance is the deployment's by the id journaled with it at launch, not by its start time: a clock step
 * between the deployment's creation and its launches would move one against the other. Instances of older journals,
 * which have no such id, are still judged by their start time.
 */
final class LeftoverInstances {
    private LeftoverInstances() {}

    static Predicate<InstanceRecord> of(FleetRecord journaled, Deployment interrupted) {
        // A process' start time is as coarse as the adoption's identity check allows (whole seconds on Linux).
        Instant created = interrupted.createdAt().minus(ProcessIdentity.START_TOLERANCE);
        return instance -> !Fleet.isAssigned(journaled, instance.spec())
                && instance.spec().version().equals(interrupted.version())
                && (instance.launchedBy() != null
                        ? instance.launchedBy().equals(interrupted.id())
                        : instance.processStart() != null && !instance.processStart().isBefore(created));
    }
}
