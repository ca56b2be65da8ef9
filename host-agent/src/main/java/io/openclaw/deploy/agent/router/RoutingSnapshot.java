package io.openclaw.deploy.agent.router;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** A published routing table together with the selection state that belongs to it. */
final class RoutingSnapshot {
    private final RoutingTable table;
    private final Map<String, SmoothWeightedRoundRobin> selectors = new HashMap<>();
    /** Per loop, its management paths in {@link PathGuard#canonical} form. */
    private final Map<String, Set<String>> managementPaths = new HashMap<>();

    private RoutingSnapshot(RoutingTable table) {
        this.table = table;
        table.loops().forEach((loop, backends) -> selectors.put(loop, new SmoothWeightedRoundRobin(backends)));
        table.managementPaths().forEach((loop, paths) -> {
            Set<String> canonical = new HashSet<>();
            paths.forEach(p -> canonical.add(PathGuard.canonical(p)));
            managementPaths.put(loop, Set.copyOf(canonical));
        });
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

    /** Whether {@code backendPath} (as the instance would see it) is one the agent alone may call on this loop. */
    boolean isManagementPath(String loop, String backendPath) {
        Set<String> paths = managementPaths.get(loop);
        if (paths == null) {
            return false;
        }
        int length = PathGuard.canonicalPathLength(backendPath);
        if (length >= 0) {
            // The usual request path: compared as it is, without building its canonical form.
            for (String p : paths) {
                if (p.length() == length && p.regionMatches(true, 0, backendPath, 0, length)) {
                    return true;
                }
            }
            return false;
        }
        return paths.contains(PathGuard.canonical(backendPath));
    }

    /**
     * A request's first pick: like {@link #pick(String, Set)}, but a loop with a {@link VersionChooser} first honours
     * it (a canary's segment or sticky user, a flag-driven release's flag). When the chosen group has no routable
     * instance the request is routed by weight, so a rule never makes a request fail.
     */
    Optional<Backend> pick(String loop, Set<String> excludedInstanceIds, HttpHeaders headers) {
        return pick(loop, excludedInstanceIds, headers, null);
    }

    /**
     * A pick for a request that may already have been sent to {@code keptVersion} and failed to connect (a retry): the
     * chooser still decides, and a request it leaves to the weights stays on the version it was first given, so a
     * retry never moves a user to the other version.
     *
     * @param keptVersion the version of the request's first attempt, or null on the first pick
     */
    Optional<Backend> pick(String loop, Set<String> excludedInstanceIds, HttpHeaders headers, String keptVersion) {
        VersionChooser chooser = table.choosers().get(loop);
        VersionChooser.Assignment assignment = chooser == null || headers == null
                ? VersionChooser.Assignment.WEIGHTED : chooser.choose(headers);
        Predicate<Backend> group = switch (assignment) {
            case NEW -> b -> b.version().equals(chooser.newVersion());
            case OLD -> b -> !b.version().equals(chooser.newVersion());
            case WEIGHTED -> keptVersion == null ? null : b -> b.version().equals(keptVersion);
        };
        if (group != null) {
            Set<String> excluded = new HashSet<>(excludedInstanceIds);
            table.backends(loop).stream().filter(group.negate()).forEach(b -> excluded.add(b.instanceId()));
            Optional<Backend> chosen = pick(loop, excluded);
            if (chosen.isPresent()) {
                return chosen;
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
