package io.openclaw.deploy.agent.router;

import java.time.Duration;

/**
 * @param connectTimeout    to a backend; a failed connect is retried on another instance
 * @param responseTimeout   from request sent to response headers; then 504
 * @param maxConnectRetries other instances tried when a connection cannot be made
 * @param clientLimits      what one client may hold: timeouts, connections, body sizes
 */
public record RouterSettings(String bind, int port, Duration connectTimeout, Duration responseTimeout,
                             int maxConnectRetries, ClientLimits clientLimits) {

    public RouterSettings {
        clientLimits = clientLimits == null ? ClientLimits.DEFAULT : clientLimits;
    }

    /** With the default client limits. */
    public RouterSettings(String bind, int port, Duration connectTimeout, Duration responseTimeout, int maxConnectRetries) {
        this(bind, port, connectTimeout, responseTimeout, maxConnectRetries, ClientLimits.DEFAULT);
    }

    public static RouterSettings of(String bind, int port) {
        return new RouterSettings(bind, port, Duration.ofSeconds(2), Duration.ofSeconds(60), 3);
    }

    public RouterSettings withClientLimits(ClientLimits limits) {
        return new RouterSettings(bind, port, connectTimeout, responseTimeout, maxConnectRetries, limits);
    }
}
