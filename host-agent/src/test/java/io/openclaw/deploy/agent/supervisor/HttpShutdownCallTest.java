package io.openclaw.deploy.agent.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shutdown request against real loopback listeners: what counts as accepted, and how failures read. */
class HttpShutdownCallTest {
    private final HttpShutdownCall call = new HttpShutdownCall();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private int serve(int status) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    @Test
    void a2xxAnswerIsAcceptedAndTheRequestIsAPostOfThePath() throws Exception {
        int port = serve(202);

        HttpShutdownCall.Answer answer = call.send(port, "/admin/shutdown", Duration.ofSeconds(5));

        assertThat(answer).isEqualTo(new HttpShutdownCall.Answer(true, "POST /admin/shutdown answered 202"));
        assertThat(received).containsExactly("POST /admin/shutdown");
    }

    @Test
    void anyOtherStatusIsARefusal() throws Exception {
        int port = serve(404);

        assertThat(call.send(port, "/shutdown", Duration.ofSeconds(5)))
                .isEqualTo(new HttpShutdownCall.Answer(false, "POST /shutdown answered 404"));
    }

    @Test
    void nobodyListeningIsARefusal() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        assertThat(call.send(port, "/shutdown", Duration.ofSeconds(5)))
                .isEqualTo(new HttpShutdownCall.Answer(false, "POST /shutdown failed: connection refused"));
    }

    @Test
    void aLoopThatAcceptsTheConnectionButNeverAnswersCostsAtMostTheBudget() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HttpShutdownCall.Answer answer = call.send(silent.getLocalPort(), "/shutdown", Duration.ofMillis(300));

            assertThat(answer).isEqualTo(new HttpShutdownCall.Answer(false, "POST /shutdown got no answer within 300 ms"));
        }
    }
}
