package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.journal.InstanceRecord;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import io.openclaw.deploy.agent.supervisor.Supervisor;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After an agent restart: takes back every journaled process that is still the same, healthy process; relaunches
 * routed instances that are gone (same spec, same port); forgets unrouted ones that are gone. Routed even when a full
 * disk keeps the journal from recording it ({@link Fleet#observe}).
 */
final class FleetAdoption {
    private static final Logger LOG = LoggerFactory.getLogger(FleetAdoption.class);

    private FleetAdoption() {}

    static void adoptOrRestart(Fleet fleet, Supervisor supervisor) {
        for (InstanceRecord instance : fleet.record().instances()) {
            Optional<InstanceSnapshot> adopted = supervisor.adopt(instance.spec(), instance.pid(), instance.processStart());
            if (adopted.isPresent()) {
                LOG.info("Adopted {} (pid {})", instance.id(), instance.pid());
                fleet.observeInstance(adopted.get());
            } else if (Fleet.isAssigned(fleet.record(), instance.spec())) {
                LOG.info("Relaunching {}: its process {} is gone or not healthy", instance.id(), instance.pid());
                try {
                    fleet.observeInstance(supervisor.start(instance.spec()));
                } catch (RuntimeException e) {
                    LOG.error("Cannot relaunch {}: {}", instance.id(), e.getMessage());
                    fleet.observeRemoval(instance.id());
                }
            } else {
                fleet.observeRemoval(instance.id());
            }
        }
        fleet.publish();
    }
}
