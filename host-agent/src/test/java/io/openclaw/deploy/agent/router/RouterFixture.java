package io.openclaw.deploy.agent.router;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A started router on an ephemeral port, an HTTP/1.1 client and helpers to talk to it. */
final class RouterFixture implements AutoCloseable {
    final PrometheusRegistry registry = new PrometheusRegistry();
    final ProxyServer router;
    final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private long generation;

    RouterFixture(RouterSettings settings) throws InterruptedException {
        this(settings, Transport.best());
    }

    RouterFixture(RouterSettings settings, Transport transport) throws InterruptedException {
        router = new ProxyServer(settings, registry, transport);
        router.start();
    }

    static RouterFixture started() throws InterruptedException {
        return new RouterFixture(settings());
    }

    /** The settings of {@link #started()}: loopback, any port, default client limits. */
    static RouterSettings settings() {
        return new RouterSettings("127.0.0.1", 0, Duration.ofSeconds(2), Duration.ofSeconds(20), 3);
    }

    /** Publishes one loop with the given backends and the paths the agent alone may call on it. */
    void route(String loop, java.util.Set<String> managementPaths, Backend... backends) {
        Map<String, List<Backend>> loops = new LinkedHashMap<>();
        loops.put(loop, Arrays.asList(backends));
        router.publish(new RoutingTable(++generation, loops, Map.of(), Map.of(loop, managementPaths)));
    }

    /** Publishes one loop with the given backends under the next generation. */
    void route(String loop, Backend... backends) {
        Map<String, List<Backend>> loops = new LinkedHashMap<>();
        loops.put(loop, Arrays.asList(backends));
        router.publish(new RoutingTable(++generation, loops));
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + router.port() + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String metricsText() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A loopback port nothing listens on (bound once, then released). */
    static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        router.close();
    }
}
