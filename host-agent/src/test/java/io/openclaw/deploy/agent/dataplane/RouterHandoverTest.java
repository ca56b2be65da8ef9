package io.openclaw.deploy.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.openclaw.deploy.agent.router.Backend;
import io.openclaw.deploy.agent.router.ProxyServer;
import io.openclaw.deploy.agent.router.RouterSettings;
import io.openclaw.deploy.agent.router.RoutingTable;
import io.openclaw.deploy.agent.router.Transport;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
        backend = PathEchoBackend.start();
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
                RouterClientLoad load = new RouterClientLoad(port, "/loops/mail/x", false)) {
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
}
