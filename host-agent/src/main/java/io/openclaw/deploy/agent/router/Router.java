package io.openclaw.deploy.agent.router;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Collection;

/**
 * The local HTTP/1.1 reverse proxy in front of the loops: {@code /loops/<loop>/<rest>} goes to an instance of that
 * loop as {@code /<rest>}; {@code GET /health} reports whether every loop has a routed instance.
 */
public final class Router implements AutoCloseable {

    public Router(RouterSettings settings, PrometheusRegistry registry) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Binds the port; returns once it accepts connections. */
    public void start() throws InterruptedException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The bound port (useful with port 0). */
    public int port() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Atomically replaces the routing table; requests arriving after this call use the new one. */
    public void publish(RoutingTable table) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public RoutingTable table() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Requests currently being proxied to the instance. */
    public int inFlight(String instanceId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Waits until none of the instances has a request in flight (they should already be out of the table).
     *
     * @return false if some were still busy at the timeout
     */
    public boolean awaitDrained(Collection<String> instanceIds, Duration timeout) throws InterruptedException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
