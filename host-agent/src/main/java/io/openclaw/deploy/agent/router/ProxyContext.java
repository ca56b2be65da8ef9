package io.openclaw.deploy.agent.router;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * What every connection handler of one router shares.
 *
 * @param draining set once this router is being replaced or stopped: every response then closes its connection
 */
record ProxyContext(
        RouterSettings settings,
        Supplier<RoutingSnapshot> snapshots,
        BackendConnections pool,
        InFlightTracker inFlight,
        RouterMetrics metrics,
        AtomicBoolean draining) {

    /** The user event that tells each client connection the router is draining. */
    static final Object DRAIN = new Object() {
        @Override
        public String toString() {
            return "DRAIN";
        }
    };
}
