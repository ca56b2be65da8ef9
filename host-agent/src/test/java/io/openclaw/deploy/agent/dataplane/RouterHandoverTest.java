package io.openclaw.deploy.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.openclaw.deploy.agent.router.Backend;
import io.openclaw.deploy.agent.router.ProxyServer;
import io.openclaw.deploy.agent.router.RouterSettings;
import io.openclaw.deploy.agent.router.RoutingTable;
import io.openclaw.deploy.agent.router.Transport;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A router hands its listening socket to its successor over {@link SocketHandover}, whatever transport either runs on:
 * a router of an older build on epoll is replaced by one on io_uring, and io_uring routers replace each other. A client
 * opening a new connection for every request all along sees no refused connection and no failed request.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the listening socket is handed over with SCM_RIGHTS")
class RouterHandoverTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private HttpServer backend;
    private ProxyServer old;
    private ProxyServer successor;

    static Stream<Arguments> transportPairs() {
        List<Transport> linux = Stream.of(Transport.IO_URING, Transport.EPOLL).filter(Transport::isAvailable).toList();
        return linux.stream().flatMap(from -> linux.stream().map(to -> Arguments.of(from, to)));
    }

    @BeforeEach
    void startBackend() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", exchange -> {
            byte[] body = "served".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();
    }

    @AfterEach
    void stopAll() {
        if (old != null) {
            old.close();
        }
        if (successor != null) {
            successor.close();
        }
        backend.stop(0);
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("transportPairs")
    void theSuccessorServesTheSameSocketAndNoRequestFails(Transport from, Transport to) throws Exception {
        RoutingTable table = new RoutingTable(1, Map.of("mail", List.of(new Backend("mail-0", "mail", "1.0.0", "blue",
                "127.0.0.1", backend.getAddress().getPort(), 1))));
        old = new ProxyServer(RouterSettings.of("127.0.0.1", 0), new PrometheusRegistry(), from);
        old.publish(table);
        old.start();
        int port = old.port();
        Path offer = tmp.resolve("handover.sock");
        try (SocketHandover handover = SocketHandover.offer(offer, old::listeningSocket);
                FreshConnectionLoad load = new FreshConnectionLoad(port)) {
            load.awaitMore(20);

            int fd = SocketHandover.take(offer, Duration.ofSeconds(10));
            successor = new ProxyServer(RouterSettings.of("127.0.0.1", 0), new PrometheusRegistry(), to);
            successor.publish(table);
            successor.startOn(fd);
            load.awaitMore(20);
            old.drainAndClose(Duration.ofSeconds(5));

            load.awaitMore(50);
            assertThat(load.failures).as("requests on fresh connections").isEmpty();
        }
        assertThat(successor.port()).isEqualTo(port);
        assertThat(successor.listeningSocket()).as("the successor can hand the socket on").isNotNegative();
    }

    /** One request per connection from one thread, strict as wrk is: a refused or cut connection is a failure. */
    private static final class FreshConnectionLoad implements AutoCloseable {
        final List<String> failures = new CopyOnWriteArrayList<>();
        private final AtomicLong answers = new AtomicLong();
        private final int port;
        private final Thread thread;
        private volatile boolean running = true;

        FreshConnectionLoad(int port) {
            this.port = port;
            thread = new Thread(this::run, "fresh-connection-load");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            byte[] request = "GET /loops/mail/x HTTP/1.1\r\nHost: router\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            while (running) {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setSoTimeout(10_000);
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                    InputStream in = socket.getInputStream();
                    String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                    if (answer.startsWith("HTTP/1.1 200") && answer.endsWith("served")) {
                        answers.incrementAndGet();
                    } else {
                        failures.add(answer.isEmpty() ? "closed without an answer" : answer);
                    }
                } catch (IOException e) {
                    failures.add(e.toString());
                }
            }
        }

        void awaitMore(long more) {
            long target = answers.get() + more;
            await().atMost(PATIENCE).until(() -> answers.get() >= target || !failures.isEmpty());
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(PATIENCE.toMillis());
        }
    }
}
