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

    /**
     * Like {@link #pick(String, Set)}, but a loop with a {@link TrafficSplit} first honours its header rules: a
     * matching segment goes to the canary version, a sticky user to the version its bucket falls in. When that group
     * has no routable instance the request is routed by weight, so a rule never makes a request fail.
     */
    Optional<Backend> pick(String loop, Set<String> excludedInstanceIds, io.netty.handler.codec.http.HttpHeaders headers) {
        TrafficSplit split = table.splits().get(loop);
        if (split != null && headers != null) {
            Boolean toCanary = null;
            if (split.segmentHeader() != null) {
                String value = headers.get(split.segmentHeader());
                if (value != null && split.segmentValues().contains(value.trim())) {
                    toCanary = true;
                }
            }
            if (toCanary == null && split.stickyHeader() != null) {
                String user = headers.get(split.stickyHeader());
                if (user != null && !user.isBlank()) {
                    toCanary = split.inCanary(user.trim());
                }
            }
            if (toCanary != null) {
                boolean canary = toCanary;
                Set<String> excluded = new HashSet<>(excludedInstanceIds);
                table.backends(loop).stream()
                        .filter(b -> b.version().equals(split.canaryVersion()) != canary)
                        .forEach(b -> excluded.add(b.instanceId()));
                Optional<Backend> chosen = pick(loop, excluded);
                if (chosen.isPresent()) {
                    return chosen;
                }
            }
        }
        return pick(loop, excludedInstanceIds);
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
