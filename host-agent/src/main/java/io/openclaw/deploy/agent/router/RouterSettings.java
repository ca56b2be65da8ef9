package io.openclaw.deploy.agent.router;

import java.time.Duration;

/**
 * @param connectTimeout    to a backend; a failed connect is retried on another instance
 * @param responseTimeout   from request sent to response headers; then 504
 * @param maxConnectRetries other instances tried when a connection cannot be made
 */
public record RouterSettings(
        String bind, int port, Duration connectTimeout, Duration responseTimeout, int maxConnectRetries) {

    public static RouterSettings of(String bind, int port) {
        return new RouterSettings(bind, port, Duration.ofSeconds(2), Duration.ofSeconds(60), 3);
    }
}
