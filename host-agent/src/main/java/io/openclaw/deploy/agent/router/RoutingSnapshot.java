package io.openclaw.deploy.agent.router;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A published routing table together with the selection state that belongs to it. */
final class RoutingSnapshot {
    private final RoutingTable table;
    private final Map<String, SmoothWeightedRoundRobin> selectors = new HashMap<>();

    private RoutingSnapshot(RoutingTable table) {
        this.table = table;
        table.loops().forEach((loop, backends) -> selectors.put(loop, new SmoothWeightedRoundRobin(backends)));
    }

    /**
     * @throws IllegalArgumentException if a backend is filed under another loop's name, an instance id appears twice,
     *                                  or a port is out of range
     */
    static RoutingSnapshot of(RoutingTable table) {
        if (table == null) {
            throw new IllegalArgumentException("routing table must not be null");
        }
        Set<String> ids = new HashSet<>();
        table.loops().forEach((loop, backends) -> {
            for (Backend b : backends) {
                if (!loop.equals(b.loop())) {
                    throw new IllegalArgumentException(
                            "backend " + b.instanceId() + " of loop " + b.loop() + " is listed under loop " + loop);
                }
                if (!ids.add(b.instanceId())) {
                    throw new IllegalArgumentException("instance id listed twice: " + b.instanceId());
                }
                if (b.port() < 1 || b.port() > 65535 || b.host() == null || b.host().isBlank()) {
                    throw new IllegalArgumentException(
                            "backend " + b.instanceId() + " has no valid address: " + b.host() + ":" + b.port());
                }
            }
        });
        return new RoutingSnapshot(table);
    }

    RoutingTable table() {
        return table;
    }

    boolean knows(String loop) {
        return selectors.containsKey(loop);
    }

    Optional<Backend> pick(String loop, Set<String> excludedInstanceIds) {
        SmoothWeightedRoundRobin selector = selectors.get(loop);
        return selector == null ? Optional.empty() : selector.next(excludedInstanceIds);
    }

    /** Loops in the table that have no backend with a weight above 0. */
    List<String> unroutableLoops() {
        return selectors.entrySet().stream()
                .filter(e -> !e.getValue().hasRoutableBackend())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    Set<BackendAddress> addresses() {
        Set<BackendAddress> addresses = new HashSet<>();
        table.loops().values().forEach(list -> list.forEach(b -> addresses.add(BackendAddress.of(b))));
        return addresses;
    }
}
