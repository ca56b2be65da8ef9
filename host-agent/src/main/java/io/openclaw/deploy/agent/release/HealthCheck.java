package io.openclaw.deploy.agent.release;

import java.time.Duration;

/**
 * How to tell that an instance serves: an HTTP GET of {@code httpPath} answering 2xx, or (when {@code httpPath} is
 * null) a TCP connection to its port.
 */
public record HealthCheck(String httpPath, Duration timeout) {
    public static HealthCheck http(String path, Duration timeout) {
        return new HealthCheck(path, timeout);
    }

    public static HealthCheck tcp(Duration timeout) {
        return new HealthCheck(null, timeout);
    }

    public boolean isHttp() {
        return httpPath != null;
    }
}
