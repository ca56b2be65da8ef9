package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.DiskFullException;
import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.InstanceRecord;
import io.openclaw.deploy.agent.journal.Journal;
import io.openclaw.deploy.agent.journal.LoopAssignment;
import io.openclaw.deploy.agent.router.Backend;
import io.openclaw.deploy.agent.router.Router;
import io.openclaw.deploy.agent.router.RoutingTable;
import io.openclaw.deploy.agent.router.TrafficSplit;
import io.openclaw.deploy.agent.router.VersionChooser;
import io.openclaw.deploy.agent.supervisor.InstanceEvent;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import io.openclaw.deploy.agent.supervisor.InstanceState;
import io.openclaw.deploy.agent.supervisor.Supervisor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live fleet: which version serves each loop and which processes the agent owns. Every change is journaled
 * before it takes effect, and the router's table is rebuilt from it (only healthy instances of the assigned version
 * get traffic). The one place that publishes routing tables, so their generations are ordered.
 */
public final class Fleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);

    private final Journal journal;
    private final Router router;
    private Supervisor supervisor;
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
    private final java.util.Set<String> outOfRotation = new java.util.HashSet<>();
    /** Per loop, the chooser of a flag-driven release in progress; it replaces the canary's header rules. */
    private final Map<String, VersionChooser> flagChoosers = new java.util.HashMap<>();

    public Fleet(Journal journal, Router router, FleetRecord initial) {
        this.journal = journal;
        this.router = router;
        this.record = initial;
    }

    /** Set once the supervisor exists (it needs this fleet as its listener). */
    public void attach(Supervisor supervisor) {
        this.supervisor = supervisor;
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
    public void setOutOfRotation(java.util.Collection<String> instanceIds, boolean out) {
        synchronized (lock) {
            if (out) {
                outOfRotation.addAll(instanceIds);
            } else {
                outOfRotation.removeAll(instanceIds);
            }
            publish();
        }
    }

    public void addInstance(InstanceSnapshot started) {
        InstanceRecord added = new InstanceRecord(started.spec(), started.pid(), started.processStart());
        update(r -> r.withInstances(replacing(r.instances(), added)));
    }

    /** A process the supervisor adopted or restarted by itself (see {@link #observe}). */
    private void observeInstance(InstanceSnapshot started) {
        InstanceRecord added = new InstanceRecord(started.spec(), started.pid(), started.processStart());
        observe(r -> r.withInstances(replacing(r.instances(), added)));
    }

    public void removeInstance(String instanceId) {
        update(r -> r.withInstances(r.instances().stream().filter(i -> !i.id().equals(instanceId)).toList()));
    }

    /**
     * After an agent restart: takes back every journaled process that is still the same, healthy process; relaunches
     * routed instances that are gone (same spec, same port); forgets unrouted ones that are gone.
     */
    public void adoptOrRestart() {
        for (InstanceRecord instance : record().instances()) {
            Optional<InstanceSnapshot> adopted = supervisor.adopt(instance.spec(), instance.pid(), instance.processStart());
            if (adopted.isPresent()) {
                LOG.info("Adopted {} (pid {})", instance.id(), instance.pid());
                observeInstance(adopted.get());
            } else if (isAssigned(record(), instance.spec())) {
                LOG.info("Relaunching {}: its process {} is gone or not healthy", instance.id(), instance.pid());
                try {
                    observeInstance(supervisor.start(instance.spec()));
                } catch (RuntimeException e) {
                    LOG.error("Cannot relaunch {}: {}", instance.id(), e.getMessage());
                    observe(r -> r.withInstances(
                            r.instances().stream().filter(i -> !i.id().equals(instance.id())).toList()));
                }
            } else {
                observe(r -> r.withInstances(
                        r.instances().stream().filter(i -> !i.id().equals(instance.id())).toList()));
            }
        }
        publish();
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
            router.publish(buildTable(record, supervisor == null ? List.of() : supervisor.instances()));
        }
    }

    private RoutingTable buildTable(FleetRecord r, List<InstanceSnapshot> instances) {
        Map<String, List<Backend>> loops = new LinkedHashMap<>();
        Map<String, VersionChooser> choosers = new LinkedHashMap<>();
        r.assignments().forEach((loop, a) -> {
            List<InstanceSpec> stable = new ArrayList<>();
            List<InstanceSpec> canary = new ArrayList<>();
            for (InstanceSnapshot i : instances) {
                InstanceSpec s = i.spec();
                if (!s.loop().equals(loop) || !i.healthy() || i.state() != InstanceState.RUNNING
                        || outOfRotation.contains(s.id())) {
                    continue;
                }
                if (s.version().equals(a.version()) && s.slot().equals(a.slot())) {
                    stable.add(s);
                } else if (a.canary() != null && s.version().equals(a.canary().version())
                        && s.slot().equals(a.canary().slot())) {
                    canary.add(s);
                }
            }
            loops.put(loop, backends(a, stable, canary));
            LoopAssignment.CanaryTarget c = a.canary();
            VersionChooser byFlag = flagChoosers.get(loop);
            if (c == null || c.percent() == 0 || stable.isEmpty() || canary.isEmpty()) {
                return;
            }
            if (byFlag != null && byFlag.newVersion().equals(c.version())) {
                choosers.put(loop, byFlag);
            } else if (c.segmentHeader() != null || c.stickyHeader() != null) {
                choosers.put(loop, new TrafficSplit(c.version(), c.percent(), c.segmentHeader(),
                        java.util.Set.copyOf(c.segmentValues()), c.stickyHeader()));
            }
        });
        return new RoutingTable(generation.incrementAndGet(), loops, choosers, managementPaths(r, instances));
    }

    /**
     * Per loop, the paths the agent calls on its instances' own ports (health check, shutdown request) of every
     * version the agent runs or has journaled, so that no client reaches them through the router (issue 12: a client
     * stopped loops by POSTing their shutdown path to the router).
     */
    static Map<String, java.util.Set<String>> managementPaths(FleetRecord r, List<InstanceSnapshot> instances) {
        Map<String, java.util.Set<String>> paths = new LinkedHashMap<>();
        java.util.function.Consumer<InstanceSpec> add = s -> {
            java.util.Set<String> set = paths.computeIfAbsent(s.loop(), l -> new java.util.HashSet<>());
            if (s.health() != null && s.health().isHttp()) {
                set.add(s.health().httpPath());
            }
            if (s.shutdown().isHttp()) {
                set.add(s.shutdown().httpPath());
            }
        };
        r.instances().forEach(i -> add.accept(i.spec()));
        instances.forEach(i -> add.accept(i.spec()));
        return paths;
    }

    /**
     * Per-instance weights that give the canary group exactly its percentage of the loop: each stable instance gets
     * (100 - p) x canaries and each canary p x stables, so the two groups' totals stand as (100 - p) : p. With one
     * group empty the other takes everything (a loop is never left without a backend because a group is down).
     */
    static List<Backend> backends(LoopAssignment a, List<InstanceSpec> stable, List<InstanceSpec> canary) {
        int percent = a.canary() == null ? 0 : a.canary().percent();
        int stableWeight;
        int canaryWeight;
        if (canary.isEmpty() || percent == 0) {
            stableWeight = 1;
            canaryWeight = 0;
        } else if (stable.isEmpty()) {
            stableWeight = 0;
            canaryWeight = 1;
        } else {
            stableWeight = (100 - percent) * canary.size();
            canaryWeight = percent * stable.size();
        }
        List<Backend> backends = new ArrayList<>();
        for (InstanceSpec s : stable) {
            backends.add(new Backend(s.id(), s.loop(), s.version(), s.slot(), "127.0.0.1", s.port(), stableWeight));
        }
        for (InstanceSpec s : canary) {
            backends.add(new Backend(s.id(), s.loop(), s.version(), s.slot(), "127.0.0.1", s.port(), canaryWeight));
        }
        return backends;
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
