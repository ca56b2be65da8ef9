package io.openclaw.deploy.agent.router;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of where each loop's traffic goes. The router swaps whole snapshots atomically, so a request
 * sees either the old table or the new one, never a mix. A loop listed with no backend is known but unavailable
 * (the router's {@code /health} names it). {@code splits} adds per-loop canary rules on request headers.
 */
public record RoutingTable(long generation, Map<String, List<Backend>> loops, Map<String, TrafficSplit> splits) {
    public RoutingTable {
        Map<String, List<Backend>> copy = new LinkedHashMap<>();
        loops.forEach((loop, backends) -> copy.put(loop, List.copyOf(backends)));
        loops = java.util.Collections.unmodifiableMap(copy);
        splits = splits == null ? Map.of() : Map.copyOf(splits);
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
