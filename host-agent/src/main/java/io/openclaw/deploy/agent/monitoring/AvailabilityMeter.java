package io.openclaw.deploy.agent.monitoring;

import io.openclaw.deploy.agent.router.Backend;
import io.openclaw.deploy.agent.router.LoopVersion;
import io.openclaw.deploy.agent.router.Router;
import io.openclaw.deploy.agent.router.RoutingTable;
import io.openclaw.deploy.agent.router.TrafficStats;
import io.openclaw.deploy.protocol.Availability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Availability from the router's per-request outcomes over its recent window: the router keeps them per loop and
 * version, so the meter sums every loop it routes or the fleet assigns, over every version that can have served in
 * the window (the routed ones, the installed releases, and "" for the requests the router refused because no
 * instance was routed).
 */
public final class AvailabilityMeter {
    /** Issue 14 / spec 1.2's zero-downtime goal: 99.99 %. */
    public static final double OBJECTIVE = 0.9999;
    /** The router keeps five minutes of per-second outcomes. */
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private final Router router;
    private final Supplier<? extends Collection<String>> assignedLoops;
    private final Supplier<? extends Collection<String>> installedVersions;

    public AvailabilityMeter(Router router, Supplier<? extends Collection<String>> assignedLoops,
            Supplier<? extends Collection<String>> installedVersions) {
        this.router = router;
        this.assignedLoops = assignedLoops;
        this.installedVersions = installedVersions;
    }

    public Availability measure() {
        RoutingTable table = router.table();
        Set<String> loops = new LinkedHashSet<>(table.loops().keySet());
        loops.addAll(assignedLoops.get());
        Set<String> versions = new LinkedHashSet<>();
        versions.add(""); // answered by the router itself: no instance of the loop was routed
        table.loops().values().forEach(backends -> backends.stream().map(Backend::version).forEach(versions::add));
        versions.addAll(installedVersions.get());
        List<LoopVersion> of = new ArrayList<>(loops.size() * versions.size());
        for (String loop : loops) {
            for (String version : versions) {
                of.add(new LoopVersion(loop, version));
            }
        }
        return combine(router.trafficStats(of, WINDOW));
    }

    /** Sums the windows; a window with no requests adds nothing. */
    static Availability combine(Collection<TrafficStats> stats) {
        long requests = 0;
        long failures = 0;
        long window = WINDOW.toSeconds();
        for (TrafficStats s : stats) {
            requests += s.requests();
            failures += s.serverErrors() + s.routerErrors();
            window = Math.min(window, s.window().toSeconds());
        }
        return Availability.of(requests, failures, OBJECTIVE, window);
    }
}
