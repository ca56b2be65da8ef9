package io.openclaw.deploy.agent.supervisor;

import io.openclaw.deploy.agent.LoopbackHttp;
import io.openclaw.deploy.agent.release.HealthCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One health check of an instance on loopback: HTTP GET answering 2xx, or a TCP connection that is accepted. Every
 * failure (refused, timeout, non-2xx) is simply "not healthy": the caller counts consecutive failures.
 */
final class HealthProbe {
    private final HttpClient http;
    private final Duration defaultTimeout;

    HealthProbe(Duration defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
        this.http = LoopbackHttp.client();
    }

    boolean check(int port, HealthCheck check) {
        Duration timeout = check == null || check.timeout() == null ? defaultTimeout : check.timeout();
        if (check != null && check.isHttp()) {
            return httpCheck(port, check.httpPath(), timeout);
        }
        return tcpCheck(port, timeout);
    }

    private boolean httpCheck(int port, String path, Duration timeout) {
        String normalized = path.startsWith("/") ? path : "/" + path;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + normalized))
                .timeout(timeout)
                .GET()
                .build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean tcpCheck(int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis(timeout));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int timeoutMillis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }
}
