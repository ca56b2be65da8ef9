package io.openclaw.deploy.agent.router;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable snapshot of where each loop's traffic goes. The router swaps whole snapshots atomically, so a request
 * sees either the old table or the new one, never a mix. A loop listed with no backend is known but unavailable
 * (the router's {@code /health} names it). {@code choosers} adds per-loop rules that
 * assign each request to a version (a canary's header rules, a flag-driven release's flag). {@code managementPaths}
 * names, per loop, the paths the agent calls on the instances' own ports (health check, shutdown request): the router
 * never forwards a request for one of them.
 */
public record RoutingTable(long generation, Map<String, List<Backend>> loops, Map<String, VersionChooser> choosers,
                           Map<String, Set<String>> managementPaths) {
    public RoutingTable {
        Map<String, List<Backend>> copy = new LinkedHashMap<>();
        loops.forEach((loop, backends) -> copy.put(loop, List.copyOf(backends)));
        loops = java.util.Collections.unmodifiableMap(copy);
        choosers = choosers == null ? Map.of() : Map.copyOf(choosers);
        Map<String, Set<String>> paths = new LinkedHashMap<>();
        if (managementPaths != null) {
            managementPaths.forEach((loop, set) -> paths.put(loop, Set.copyOf(set)));
        }
        managementPaths = java.util.Collections.unmodifiableMap(paths);
    }

    /** A table without management paths. */
    public RoutingTable(long generation, Map<String, List<Backend>> loops, Map<String, VersionChooser> choosers) {
        this(generation, loops, choosers, Map.of());
    }

    /** A table routed by weights alone. */
    public RoutingTable(long generation, Map<String, List<Backend>> loops) {
        this(generation, loops, Map.of());
    }

    public static RoutingTable empty() {
        return new RoutingTable(0, Map.of());
    }

    public List<Backend> backends(String loop) {
        return loops.getOrDefault(loop, List.of());
    }
}
