package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.LoopAssignment;
import io.openclaw.deploy.agent.router.Backend;
import io.openclaw.deploy.agent.router.RoutingTable;
import io.openclaw.deploy.agent.router.TrafficSplit;
import io.openclaw.deploy.agent.router.VersionChooser;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import io.openclaw.deploy.agent.supervisor.InstanceState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The routing table of a fleet, as a pure function of its journaled record, the instances' health and the unjournaled
 * overrides (instances held out of rotation, flag-driven choosers): only healthy, running instances of a loop's
 * assigned version (and of its canary) get traffic, in the canary's exact share.
 */
final class RoutingTableBuilder {
    private RoutingTableBuilder() {}

    /**
     * @param outOfRotation ids of instances that must get no new request (an old rolling batch about to drain)
     * @param flagChoosers  per loop, the chooser of a flag-driven release in progress (replaces the canary's header
     *                      rules while it names the canary's version)
     */
    static RoutingTable build(long generation, FleetRecord r, List<InstanceSnapshot> instances,
            Set<String> outOfRotation, Map<String, VersionChooser> flagChoosers) {
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
                        Set.copyOf(c.segmentValues()), c.stickyHeader()));
            }
        });
        return new RoutingTable(generation, loops, choosers, managementPaths(r, instances));
    }

    /**
     * Per loop, the paths the agent calls on its instances' own ports (health check, shutdown request) of every
     * version the agent runs or has journaled, so that no client reaches them through the router (issue 12: a client
     * stopped loops by POSTing their shutdown path to the router).
     */
    static Map<String, Set<String>> managementPaths(FleetRecord r, List<InstanceSnapshot> instances) {
        Map<String, Set<String>> paths = new LinkedHashMap<>();
        Consumer<InstanceSpec> add = s -> {
            Set<String> set = paths.computeIfAbsent(s.loop(), l -> new HashSet<>());
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
}
