package io.openclaw.deploy.agent.router;

import java.util.function.Supplier;

/** What every connection handler of one router shares. */
record ProxyContext(
        RouterSettings settings,
        Supplier<RoutingSnapshot> snapshots,
        BackendConnectionPool pool,
        InFlightTracker inFlight,
        RouterMetrics metrics) {
}
