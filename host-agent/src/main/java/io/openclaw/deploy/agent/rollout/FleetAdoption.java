package io.openclaw.deploy.agent.rollout;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.openclaw.deploy.agent.flags.FlagsEndpoint;
import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.InstanceRecord;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import io.openclaw.deploy.agent.supervisor.Supervisor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After an agent restart: takes back every journaled process that is still the same, healthy process; relaunches
 * routed instances that are gone (same spec, same port); forgets unrouted ones that are gone. Routed even when a full
 * disk keeps the journal from recording it ({@link Fleet#observe}).
 *
 * <p>Each instance is checked on a thread of its own: a check waits on its process (start time, a health check, the
 * owner of its port) and a relaunch on a new one, so the agent is back in control in the time of the slowest instance
 * rather than the sum of fifteen (issue 12). The outcome is journaled and routed once, as one change.
 */
final class FleetAdoption {
    private static final Logger LOG = LoggerFactory.getLogger(FleetAdoption.class);
    /** Enough for the sample's sixteen instances at once; checks mostly wait, they do not compute. */
    private static final int MAX_THREADS = 16;

    private FleetAdoption() {}

    /**
     * @param leftover instances not to adopt but to stop (see {@link Fleet#adoptOrRestart})
     * @param flags the flags service a relaunched instance is given: the journaled address may be the previous agent's
     */
    static void adoptOrRestart(Fleet fleet, Supervisor supervisor, Predicate<InstanceRecord> leftover,
            Supplier<FlagsEndpoint> flags) {
        for (InstanceRecord unrecorded : fleet.takeUnrecordedLaunches()) {
            // Launched by the previous agent, which was killed before recording it: nothing routes to it.
            supervisor.discard(unrecorded.spec(), unrecorded.process());
        }
        FleetRecord journaled = fleet.record();
        List<InstanceRecord> instances = journaled.instances();
        Map<String, InstanceSnapshot> running = new LinkedHashMap<>();
        Set<String> gone = new HashSet<>();
        if (!instances.isEmpty()) {
            ExecutorService checks = Executors.newFixedThreadPool(Math.min(instances.size(), MAX_THREADS),
                    new DefaultThreadFactory("openclaw-adoption", true));
            try {
                List<Future<Optional<InstanceSnapshot>>> outcomes = new ArrayList<>();
                for (InstanceRecord instance : instances) {
                    outcomes.add(leftover.test(instance)
                            ? checks.submit(() -> discard(supervisor, instance))
                            : checks.submit(() -> adoptOrRelaunch(journaled, supervisor, instance, flags)));
                }
                for (int i = 0; i < instances.size(); i++) {
                    Optional<InstanceSnapshot> outcome = await(outcomes.get(i), instances.get(i));
                    if (outcome.isPresent()) {
                        running.put(instances.get(i).id(), outcome.get());
                    } else {
                        gone.add(instances.get(i).id());
                    }
                }
            } finally {
                checks.shutdownNow();
            }
        }
        fleet.observeAdoption(running, gone);
        running.keySet().forEach(fleet::clearLaunchNote); // the relaunched ones, recorded now
    }

    private static Optional<InstanceSnapshot> discard(Supervisor supervisor, InstanceRecord instance) {
        supervisor.discard(instance.spec(), instance.process());
        return Optional.empty();
    }

    /** The instance's process as the agent supervises it from now on, or empty when the instance is gone. */
    private static Optional<InstanceSnapshot> adoptOrRelaunch(FleetRecord journaled, Supervisor supervisor,
            InstanceRecord instance, Supplier<FlagsEndpoint> flags) {
        Optional<InstanceSnapshot> adopted = supervisor.adopt(instance.spec(), instance.process());
        if (adopted.isPresent()) {
            LOG.info("Adopted {} (pid {})", instance.id(), instance.pid());
            return adopted;
        }
        if (!Fleet.isAssigned(journaled, instance.spec())) {
            return Optional.empty();
        }
        LOG.info("Relaunching {}: its process {} is gone or not healthy", instance.id(), instance.pid());
        try {
            InstanceSpec spec = instance.spec();
            return Optional.of(supervisor.start(spec.withEnvironment(flags.get().appliedTo(spec.environment()))));
        } catch (RuntimeException e) {
            LOG.error("Cannot relaunch {}: {}", instance.id(), e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<InstanceSnapshot> await(Future<Optional<InstanceSnapshot>> outcome,
            InstanceRecord instance) {
        try {
            return outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while adopting " + instance.id(), e);
        } catch (ExecutionException e) {
            // adopt() refuses only a spec it cannot supervise at all: nothing to route for it.
            LOG.error("Cannot adopt {}: {}", instance.id(), e.getCause().toString());
            return Optional.empty();
        }
    }
}
