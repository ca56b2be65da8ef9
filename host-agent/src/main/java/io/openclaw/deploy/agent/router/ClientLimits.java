package io.openclaw.deploy.agent.router;

import java.time.Duration;
import java.util.Map;

/**
 * What the router allows one client, so that no client holds connections, file descriptors or a loop's memory without
 * bound (issue 12: 500 connections that sent half a header stayed open for minutes; a 100 MB body reached a loop).
 *
 * @param headerTimeout              from the first byte of a request (or the connection's opening) to the end of its
 *                                   header; then the connection is closed
 * @param idleTimeout                a keep-alive connection with no request in progress is closed after this long
 * @param maxConnections             client connections open at once; one beyond is closed as soon as it is accepted
 * @param maxRequestBodyBytes        largest request body forwarded to a loop; a larger one is answered 413
 * @param maxRequestBodyBytesPerLoop loops whose body limit differs from {@code maxRequestBodyBytes}
 */
public record ClientLimits(Duration headerTimeout, Duration idleTimeout, int maxConnections, long maxRequestBodyBytes,
                           Map<String, Long> maxRequestBodyBytesPerLoop) {
    public static final ClientLimits DEFAULT = new ClientLimits(
            Duration.ofSeconds(10), Duration.ofSeconds(60), 2048, 8L * 1024 * 1024, Map.of());

    public ClientLimits {
        requirePositive(headerTimeout, "header timeout");
        requirePositive(idleTimeout, "idle timeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be >= 1: " + maxConnections);
        }
        if (maxRequestBodyBytes < 0) {
            throw new IllegalArgumentException("max request body bytes must be >= 0: " + maxRequestBodyBytes);
        }
        maxRequestBodyBytesPerLoop = maxRequestBodyBytesPerLoop == null ? Map.of() : Map.copyOf(maxRequestBodyBytesPerLoop);
    }

    /** The body limit of requests to {@code loop}. */
    long maxRequestBodyBytes(String loop) {
        // Per request: most installations set no per-loop limit, so the map is usually not consulted at all.
        return maxRequestBodyBytesPerLoop.isEmpty()
                ? maxRequestBodyBytes
                : maxRequestBodyBytesPerLoop.getOrDefault(loop, maxRequestBodyBytes);
    }

    public ClientLimits withMaxRequestBodyBytes(long max) {
        return new ClientLimits(headerTimeout, idleTimeout, maxConnections, max, maxRequestBodyBytesPerLoop);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
