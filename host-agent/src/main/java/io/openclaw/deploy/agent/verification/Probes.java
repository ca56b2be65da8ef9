package io.openclaw.deploy.agent.verification;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** TCP and HTTP reachability, each bounded by a timeout; the answer is the problem, empty when reached. */
final class Probes {
    private Probes() {}

    static Optional<String> tcp(String host, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of(describe(e));
        }
    }

    /** @param anyAnswer whether any answer counts (a dependency) or only 2xx (a health check) */
    static Optional<String> http(HttpClient client, URI uri, Duration timeout, boolean anyAnswer)
            throws InterruptedException {
        try {
            int status = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            return anyAnswer || (status >= 200 && status < 300) ? Optional.empty() : Optional.of("HTTP " + status);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of(describe(e));
        }
    }

    static String describe(Exception e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + message;
    }
}
