package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.router.Router;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import io.openclaw.deploy.agent.supervisor.Supervisor;
import io.openclaw.deploy.protocol.EventTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place instances of a deployment start, are awaited healthy, and drain and stop, for every strategy
 * (blue-green, canary, rolling) and the scale-down: each step journaled in the fleet and recorded as an event.
 */
final class InstanceBatch {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceBatch.class);

    /** One instance to start: a replica of a loop's move. */
    record Replica(LoopMove move, int index) {}

    private final Fleet fleet;
    private final Supervisor supervisor;
    private final Router router;
    private final InstancePlanner planner;
    private final PortAllocator ports;
    private final Duration startTimeout;
    private final Duration drainTimeout;
    private final ExecutorService workers;

    InstanceBatch(Fleet fleet, Supervisor supervisor, Router router, InstancePlanner planner, PortAllocator ports,
            Duration startTimeout, Duration drainTimeout, ExecutorService workers) {
        this.fleet = fleet;
        this.supervisor = supervisor;
        this.router = router;
        this.planner = planner;
        this.ports = ports;
        this.startTimeout = startTimeout;
        this.drainTimeout = drainTimeout;
        this.workers = workers;
    }

    /** Every replica of each move. */
    static List<Replica> allReplicas(List<LoopMove> moves) {
        return moves.stream()
                .flatMap(m -> IntStream.range(0, m.spec().replicas()).mapToObj(i -> new Replica(m, i)))
                .toList();
    }

    /** Some replicas of one move (a rolling batch). */
    static List<Replica> replicas(LoopMove move, List<Integer> indices) {
        return indices.stream().map(i -> new Replica(move, i)).toList();
    }

    /**
     * Starts the replicas one by one on free ports of their slot, each journaled as soon as it runs; on failure
     * stops what it started.
     */
    List<InstanceSpec> start(List<Replica> replicas, DeploymentLog log) throws DeploymentFailure {
        Set<Integer> taken = new HashSet<>();
        fleet.record().instances().forEach(i -> taken.add(i.spec().port()));
        List<InstanceSpec> started = new ArrayList<>();
        try {
            for (Replica replica : replicas) {
                started.add(startOne(replica.move(), replica.index(), taken, log));
            }
        } catch (RuntimeException e) {
            stop(started, log);
            throw new DeploymentFailure("could not start the new instances: " + e.getMessage());
        }
        return started;
    }

    private InstanceSpec startOne(LoopMove move, int replica, Set<Integer> taken, DeploymentLog log) {
        int position = move.release().manifest().loopNames().indexOf(move.loop());
        int port = ports.allocate(move.slot(), position, replica, taken);
        InstanceSpec spec = planner.plan(move.release(), move.spec(), move.slot(), replica, port);
        InstanceSnapshot snapshot = fleet.launch(spec);
        log.info(EventTypes.INSTANCE_STARTED,
                "started " + spec.id() + " (" + spec.version() + ", pid " + snapshot.pid() + ", port "
                        + spec.port() + ")",
                Map.of("instance", spec.id(), "loop", spec.loop(), "slot", spec.slot(),
                        "port", spec.port(), "pid", snapshot.pid()));
        return spec;
    }

    /**
     * Waits, in parallel, for each instance's first health verdict (up to the start timeout), records each, and
     * returns the ids of those that failed.
     */
    List<String> awaitHealthy(List<InstanceSpec> started, DeploymentLog log) {
        Map<InstanceSpec, CompletableFuture<Boolean>> checks = new LinkedHashMap<>();
        for (InstanceSpec spec : started) {
            checks.put(spec, CompletableFuture.supplyAsync(() -> awaitHealthy(spec), workers));
        }
        List<String> unhealthy = new ArrayList<>();
        checks.forEach((spec, check) -> {
            if (check.join()) {
                log.info(EventTypes.INSTANCE_HEALTHY, spec.id() + " is healthy",
                        Map.of("instance", spec.id(), "loop", spec.loop()));
            } else {
                unhealthy.add(spec.id());
                log.info(EventTypes.INSTANCE_UNHEALTHY, spec.id() + " did not pass its health check ("
                                + describe(spec) + ") within " + startTimeout.toSeconds() + " s",
                        Map.of("instance", spec.id(), "loop", spec.loop()));
            }
        });
        return unhealthy;
    }

    /** Like {@link #awaitHealthy(List, DeploymentLog)} for instances started again (a rolling restore): logs only. */
    void awaitHealthyQuietly(List<InstanceSpec> restarted) throws InterruptedException {
        for (InstanceSpec spec : restarted) {
            if (!supervisor.awaitHealthy(spec.id(), startTimeout)) {
                LOG.error("Restored instance {} is not healthy", spec.id());
            }
        }
    }

    private boolean awaitHealthy(InstanceSpec spec) {
        try {
            return supervisor.awaitHealthy(spec.id(), startTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String describe(InstanceSpec spec) {
        return spec.health().isHttp()
                ? "GET http://127.0.0.1:" + spec.port() + spec.health().httpPath()
                : "TCP 127.0.0.1:" + spec.port();
    }

    /**
     * Waits for the instances' requests in flight (up to the drain timeout), then stops them. They must already be
     * out of the routing table (or out of rotation).
     *
     * @param log the deployment to record the stops in, or null
     */
    void drainAndStop(List<InstanceSpec> instances, DeploymentLog log) throws InterruptedException {
        if (!awaitDrained(instances)) {
            LOG.warn("Requests still in flight to {} after the drain timeout; stopping anyway",
                    instances.stream().map(InstanceSpec::id).toList());
        }
        stop(instances, log);
    }

    /**
     * Waits up to the drain timeout for the instances' requests in flight. They must already be out of the routing
     * table (or out of rotation).
     *
     * @return false if some were still busy at the timeout
     */
    boolean awaitDrained(List<InstanceSpec> instances) throws InterruptedException {
        return router.awaitDrained(instances.stream().map(InstanceSpec::id).toList(), drainTimeout);
    }

    /**
     * Stops instances in parallel and forgets them. They carry no traffic (never routed, or already drained).
     *
     * @param log the deployment to record the stops in, or null
     */
    void stop(List<InstanceSpec> instances, DeploymentLog log) {
        List<CompletableFuture<Void>> stops = instances.stream()
                .map(spec -> CompletableFuture.runAsync(() -> {
                    supervisor.stop(spec.id());
                    fleet.removeInstance(spec.id());
                    if (log != null) {
                        log.info(EventTypes.INSTANCE_STOPPED, "stopped " + spec.id(), Map.of("instance", spec.id()));
                    }
                }, workers))
                .toList();
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
    }
}
