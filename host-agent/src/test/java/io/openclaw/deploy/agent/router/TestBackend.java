package io.openclaw.deploy.agent.router;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-test HTTP backend (JDK HttpServer on an ephemeral loopback port). By default it answers its own name as the
 * body and header {@code X-Backend}; it records every request and the client ports it was reached from, which tells
 * how many connections the router opened.
 */
final class TestBackend implements AutoCloseable {
    static {
        // The JDK server writes headers and body separately; with Nagle on, each response waits for a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    record Seen(String method, String uri, Headers headers, long bodyBytes, int clientPort) {
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-backend");
        t.setDaemon(true);
        return t;
    });
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    private TestBackend(String name, HttpHandler handler) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            try (exchange) {
                (handler == null ? (HttpHandler) this::echoName : handler).handle(exchange);
            }
        });
        server.start();
    }

    static TestBackend start(String name) throws IOException {
        return new TestBackend(name, null);
    }

    /** A backend whose requests are answered by {@code handler} (recording is then up to the handler). */
    static TestBackend start(String name, HttpHandler handler) throws IOException {
        return new TestBackend(name, handler);
    }

    private void echoName(HttpExchange exchange) throws IOException {
        long bodyBytes = drain(exchange.getRequestBody());
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders(), bodyBytes, exchange.getRemoteAddress().getPort()));
        byte[] body = name.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("X-Backend", name);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static long drain(InputStream in) throws IOException {
        long n = 0;
        byte[] buffer = new byte[64 * 1024];
        for (int r; (r = in.read(buffer)) >= 0; ) {
            n += r;
        }
        return n;
    }

    Backend backend(String loop, String version, String slot, int weight) {
        return new Backend(name, loop, version, slot, "127.0.0.1", port(), weight);
    }

    String name() {
        return name;
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Seen> seen() {
        return seen;
    }

    Set<Integer> clientPorts() {
        return clientPorts;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
