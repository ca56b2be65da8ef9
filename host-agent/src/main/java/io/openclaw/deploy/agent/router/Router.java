package io.openclaw.deploy.agent.router;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The router as the rest of the agent uses it: publish where each loop's traffic goes, ask what it served. The proxy
 * itself ({@link ProxyServer}) runs in a process of its own so that traffic outlives the agent; the agent holds a
 * handle on it ({@code dataplane.RouterHandle}). See docs/architecture.md#the-router-process.
 */
public interface Router extends AutoCloseable {

    /** The port clients connect to. */
    int port();

    /**
     * Replaces the routing table atomically: requests arriving after this call returns use the new one.
     *
     * @throws IllegalArgumentException if the table is inconsistent (the current table then stays)
     */
    void publish(RoutingTable table);

    /** The table in force. */
    RoutingTable table();

    /** Client connections open now. */
    int openConnections();

    /** Requests currently being proxied to the instance. */
    int inFlight(String instanceId);

    /**
     * Waits until none of the instances has a request in flight (they should already be out of the table).
     *
     * @return false if some were still busy at the timeout
     */
    boolean awaitDrained(Collection<String> instanceIds, Duration timeout) throws InterruptedException;

    /**
     * What one version of a loop served over the last {@code window} (at most 5 minutes are kept), for canary
     * analysis: request count, backend 5xx, router-generated failures and the p95 latency.
     */
    TrafficStats trafficStats(String loop, String version, Duration window);

    /**
     * {@link #trafficStats(String, String, Duration)} for many loop versions at once, in the order asked: status and
     * metrics want every loop's every version, which one question at a time across a process boundary cost a status
     * call some 75 loopback requests.
     */
    default List<TrafficStats> trafficStats(List<LoopVersion> of, Duration window) {
        List<TrafficStats> stats = new ArrayList<>(of.size());
        for (LoopVersion lv : of) {
            stats.add(trafficStats(lv.loop(), lv.version(), window));
        }
        return stats;
    }

    @Override
    void close();
}
