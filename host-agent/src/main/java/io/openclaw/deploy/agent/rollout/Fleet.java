package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.DiskFullException;
import io.openclaw.deploy.agent.ProcessIdentity;
import io.openclaw.deploy.agent.flags.FlagsEndpoint;
import io.openclaw.deploy.agent.journal.DeploymentRecord;
import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.InstanceRecord;
import io.openclaw.deploy.agent.journal.Journal;
import io.openclaw.deploy.agent.journal.LoopAssignment;
import io.openclaw.deploy.agent.router.Router;
import io.openclaw.deploy.agent.router.VersionChooser;
import io.openclaw.deploy.agent.supervisor.InstanceEvent;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import io.openclaw.deploy.agent.supervisor.Supervisor;
import io.openclaw.deploy.agent.supervisor.SupervisorListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live fleet: which version serves each loop and which processes the agent owns. Every change is journaled
 * before it takes effect, and the router's table is rebuilt from it ({@link RoutingTableBuilder}) and handed to the
 * router through {@link Router#publish} only. The one place that publishes routing tables, so their generations are
 * ordered. Crash adoption is {@link FleetAdoption}'s.
 */
public final class Fleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);

    private final Journal journal;
    private final Router router;
    private final Supervisor supervisor;
    private final Object lock = new Object();
    private final AtomicLong generation = new AtomicLong();
    private final ExecutorService instanceEvents = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fleet-events");
        t.setDaemon(true);
        return t;
    });
    private FleetRecord record;
    /** The record holds what a full disk kept out of the journal (see {@link #observe}); written once it can be. */
    private boolean unsaved;
    private volatile boolean closed;
    /** Instances held out of rotation while they drain (rolling batches); not journaled: recovery restores anyway. */
    private final Set<String> outOfRotation = new HashSet<>();
    /** Per loop, the chooser of a flag-driven release in progress; it replaces the canary's header rules. */
    private final Map<String, VersionChooser> flagChoosers = new HashMap<>();

    /**
     * @param supervisorFor makes the supervisor of the fleet's processes, given the listener of their events (the
     *                      supervisor reports to the fleet, the fleet reads the supervisor's snapshots: one is made
     *                      for the other here, so neither is ever half set up; no instance starts before this returns)
     */
    public Fleet(Journal journal, Router router, FleetRecord initial,
            Function<SupervisorListener, Supervisor> supervisorFor) {
        this.journal = journal;
        this.router = router;
        this.record = initial;
        this.supervisor = supervisorFor.apply(this::onInstanceEvent);
        supervisor.noteLaunchesWith(this::noteLaunch);
    }

    public Supervisor supervisor() {
        return supervisor;
    }

    public FleetRecord record() {
        synchronized (lock) {
            return record;
        }
    }

    /** Journals the change, then routes by it. */
    public FleetRecord update(UnaryOperator<FleetRecord> change) {
        synchronized (lock) {
            FleetRecord next = change.apply(record);
            journal.saveFleet(next);
            record = next;
            unsaved = false;
            publish();
            return next;
        }
    }

    /**
     * Records what the agent observed rather than decided (a process adopted or relaunched, a deployment mark cleared
     * at start-up). Those processes run whether journaled or not, so on a full disk the change is routed and kept in
     * memory, and journaled once space is back ({@link #saveIfUnsaved}): the agent starts and routes in read-only mode
     * instead of failing (issue 12). Changes the agent decides go through {@link #update}, journal first.
     */
    public FleetRecord observe(UnaryOperator<FleetRecord> change) {
        synchronized (lock) {
            FleetRecord next = change.apply(record);
            try {
                journal.saveFleet(next);
                unsaved = false;
            } catch (RuntimeException e) {
                if (!DiskFullException.isDiskFull(e)) {
                    throw e;
                }
                if (!unsaved) {
                    LOG.warn("Disk full: the fleet's changes are routed but journaled only once space is back ({})",
                            e.toString());
                }
                unsaved = true;
            }
            record = next;
            publish();
            return next;
        }
    }

    /** Journals the record if a full disk kept a change of it in memory only. */
    public void saveIfUnsaved() {
        synchronized (lock) {
            if (unsaved) {
                journal.saveFleet(record);
                unsaved = false;
                LOG.info("The fleet's changes kept in memory while the disk was full are journaled");
            }
        }
    }

    /** Takes these instances out of (or back into) the routing table, e.g. an old rolling batch about to drain. */
    public void setOutOfRotation(Collection<String> instanceIds, boolean out) {
        synchronized (lock) {
            if (out) {
                outOfRotation.addAll(instanceIds);
            } else {
                outOfRotation.removeAll(instanceIds);
            }
            publish();
        }
    }

    /** Starts an instance and records it (its process was noted at launch: see {@link #noteLaunch}). */
    public InstanceSnapshot launch(InstanceSpec spec) {
        InstanceSnapshot started = supervisor.start(spec);
        addInstance(started);
        clearLaunchNote(spec.id());
        return started;
    }

    /**
     * Every process the supervisor launches is noted in the journal the moment it exists, before the fleet record has
     * it (that write may wait its turn behind others), so that an agent killed in between leaves no process the next
     * agent does not know of: that one stops it ({@link #takeUnrecordedLaunches}).
     */
    private void noteLaunch(InstanceSpec spec, ProcessHandle process) {
        try {
            journal.saveLaunch(InstanceRecord.of(spec, ProcessIdentity.of(process)));
        } catch (IOException e) {
            LOG.warn("Cannot note the launch of {} ({}); the fleet record will have it", spec.id(), e.toString());
        }
    }

    void clearLaunchNote(String instanceId) {
        try {
            journal.clearLaunch(instanceId);
        } catch (IOException e) {
            LOG.warn("Cannot clear the launch note of {}: {}", instanceId, e.toString());
        }
    }

    /**
     * After an agent restart: processes the previous agent launched and was killed before recording (see
     * {@link #launch}). The notes are gone afterwards.
     */
    List<InstanceRecord> takeUnrecordedLaunches() {
        try {
            List<InstanceRecord> launches = journal.loadLaunches();
            journal.clearLaunches();
            Set<Long> recorded = new HashSet<>();
            record().instances().forEach(i -> recorded.add(i.pid()));
            return launches.stream().filter(l -> !recorded.contains(l.pid())).toList();
        } catch (IOException e) {
            LOG.warn("Cannot read the launch notes: {}", e.toString());
            return List.of();
        }
    }

    /** Records a launched instance as the running deployment's, if one runs (see {@link LeftoverInstances}). */
    public void addInstance(InstanceSnapshot started) {
        InstanceRecord added = InstanceRecord.of(started.spec(), started.process());
        update(r -> r.withInstances(replacing(r.instances(), added.withLaunchedBy(r.runningDeployment()))));
    }

    /** A process the supervisor adopted or restarted by itself (see {@link #observe}): the same instance as before. */
    void observeInstance(InstanceSnapshot started) {
        InstanceRecord added = InstanceRecord.of(started.spec(), started.process());
        observe(r -> r.withInstances(replacing(r.instances(), added.withLaunchedBy(launchedBy(r, added.id())))));
        clearLaunchNote(started.spec().id());
    }

    private static String launchedBy(FleetRecord r, String instanceId) {
        return r.instances().stream().filter(i -> i.id().equals(instanceId)).findFirst()
                .map(InstanceRecord::launchedBy).orElse(null);
    }

    /**
     * What an agent restart found (see {@link FleetAdoption}): the processes it supervises now, by instance id, and
     * the instances that are gone. One change, journaled and routed once.
     */
    void observeAdoption(Map<String, InstanceSnapshot> running, Set<String> gone) {
        observe(r -> {
            List<InstanceRecord> next = new ArrayList<>(r.instances().size());
            for (InstanceRecord instance : r.instances()) {
                InstanceSnapshot process = running.get(instance.id());
                if (process != null) {
                    next.add(InstanceRecord.of(process.spec(), process.process()).withLaunchedBy(instance.launchedBy()));
                } else if (!gone.contains(instance.id())) {
                    next.add(instance);
                }
            }
            return r.withInstances(next);
        });
    }

    public void removeInstance(String instanceId) {
        update(r -> r.withInstances(r.instances().stream().filter(i -> !i.id().equals(instanceId)).toList()));
    }

    /**
     * After an agent restart: see {@link FleetAdoption}.
     *
     * @param flags where a relaunched instance reads flags; asked only when an instance must be relaunched, and may
     *     wait for the flags service to come up meanwhile (adopting a running process needs nothing from it)
     */
    public void adoptOrRestart(Supplier<FlagsEndpoint> flags) {
        FleetAdoption.adoptOrRestart(this, supervisor, leftoverOfInterruptedDeployment(), flags);
    }

    /** After an agent restart: the instances of the deployment the previous agent died in (see {@link LeftoverInstances}). */
    private Predicate<InstanceRecord> leftoverOfInterruptedDeployment() {
        FleetRecord journaled = record();
        return Optional.ofNullable(journaled.runningDeployment())
                .flatMap(journal::loadDeployment)
                .map(DeploymentRecord::view)
                .filter(d -> !d.isFinished())
                .map(d -> LeftoverInstances.of(journaled, d))
                .orElse(instance -> false);
    }

    /**
     * Routes each request of the loop's canary by {@code chooser} (null: by the canary's own rules again). Takes
     * effect with the next published table, i.e. the next assignment change of the loop.
     */
    void chooseBy(String loop, VersionChooser chooser) {
        synchronized (lock) {
            if (chooser == null) {
                flagChoosers.remove(loop);
            } else {
                flagChoosers.put(loop, chooser);
            }
        }
    }

    public Optional<LoopAssignment> assignment(String loop) {
        return Optional.ofNullable(record().assignments().get(loop));
    }

    /** Instances the agent owns that no assignment routes to (warm standby, or leftovers to scale down). */
    public List<InstanceRecord> unassigned() {
        FleetRecord r = record();
        return r.instances().stream().filter(i -> !isAssigned(r, i.spec())).toList();
    }

    static boolean isAssigned(FleetRecord r, InstanceSpec spec) {
        LoopAssignment a = r.assignments().get(spec.loop());
        return a != null && a.routes(spec.version(), spec.slot());
    }

    /** Rebuilds the routing table from the assignments and the instances' health, and swaps it in. */
    public void publish() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            router.publish(RoutingTableBuilder.build(generation.incrementAndGet(), record, supervisor.instances(),
                    outOfRotation, flagChoosers));
        }
    }

    /** Supervisor callback: journal new pids after a crash-restart and re-route on health changes, off its thread. */
    public void onInstanceEvent(InstanceEvent event) {
        if (closed) {
            return;
        }
        instanceEvents.execute(() -> {
            try {
                switch (event.kind()) {
                    case STARTED, ADOPTED -> {
                        if (isOwned(event.instance().spec().id())) {
                            observeInstance(event.instance());
                        } else {
                            publish();
                        }
                    }
                    case HEALTHY, UNHEALTHY, EXITED, RESTART_SCHEDULED, STOPPED -> publish();
                }
            } catch (RuntimeException e) {
                LOG.error("Cannot apply instance event {}", event, e);
            }
        });
    }

    private boolean isOwned(String instanceId) {
        return record().instances().stream().anyMatch(i -> i.id().equals(instanceId));
    }

    private static List<InstanceRecord> replacing(List<InstanceRecord> instances, InstanceRecord added) {
        List<InstanceRecord> next = new ArrayList<>(instances.size() + 1);
        for (InstanceRecord i : instances) {
            if (!i.id().equals(added.id())) {
                next.add(i);
            }
        }
        next.add(added);
        return next;
    }

    /** Stops routing by instance events (the agent is stopping); the journal stays as it is. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        instanceEvents.shutdownNow();
    }
}
