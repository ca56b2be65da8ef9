package io.openclaw.deploy.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentEndpoint;
import io.openclaw.deploy.protocol.AgentUnreachableException;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.Json;
import io.openclaw.deploy.protocol.RollbackRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the client does when a reused connection turns out dead only after the request went out: the one situation the
 * real agent produces only by chance (an idle timeout or a restart at the very moment of a call). A TLS server on
 * loopback with the agent's certificate answers the first request of its first connection, then reads the second one
 * and closes without answering; later connections answer everything.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentClientRepeatTest {
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private SSLServerSocket server;
    private AgentClient client;

    @BeforeEach
    void start() throws Exception {
        server = (SSLServerSocket) ApiFixture.serverSsl(ApiFixture.TLS).getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
        URI uri = URI.create("https://127.0.0.1:" + server.getLocalPort());
        client = new AgentClient(new AgentEndpoint(uri, "t", ApiFixture.TLS.fingerprint(), Duration.ofSeconds(5), Duration.ofSeconds(10)));
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
        threads.shutdownNow();
    }

    @Test
    void aGetIsRepeatedOnANewConnection() throws Exception {
        client.deployments();
        assertThat(client.deployment("d-1").id()).isEqualTo("d-1");
        assertThat(received).containsExactly("GET /v1/deployments", "GET /v1/deployments/d-1", "GET /v1/deployments/d-1");
        assertThat(connections).hasValue(2);
    }

    @Test
    void aPostWithAnIdempotencyKeyIsRepeatedOnANewConnection() throws Exception {
        client.deployments();
        assertThat(client.deploy(new DeployRequest("ab".repeat(32), null, "auto", List.of(), Map.of()), "build-7").id())
                .isEqualTo("d-1");
        assertThat(received).containsExactly("GET /v1/deployments", "POST /v1/deployments", "POST /v1/deployments");
        assertThat(connections).hasValue(2);
    }

    @Test
    void aPostWithoutIdempotencyKeyIsNeverRepeated() throws Exception {
        client.deployments();
        assertThatThrownBy(() -> client.rollback(new RollbackRequest(null, "errors")))
                .isInstanceOf(AgentUnreachableException.class);
        assertThat(received).containsExactly("GET /v1/deployments", "POST /v1/rollback");
        assertThat(connections).hasValue(1);
        // The next call is not hindered by what happened.
        client.deployments();
        assertThat(connections).hasValue(2);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                int n = connections.incrementAndGet();
                threads.execute(() -> serve(socket, n == 1 ? 1 : Integer.MAX_VALUE));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Answers {@code answers} requests, then reads one more and closes without answering it. */
    private void serve(Socket socket, int answers) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (int i = 0; ; i++) {
                String request = readRequest(in);
                if (request == null) {
                    return;
                }
                received.add(request);
                if (i >= answers) {
                    return;
                }
                byte[] body = Json.mapper().writeValueAsBytes(deployment(request));
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (IOException gone) {
            // the client closed the connection
        }
    }

    private static Object deployment(String request) {
        Deployment d = new Deployment("d-1", Deployment.KIND_DEPLOY, DeploymentState.PENDING, "2.0.0", null, "auto",
                List.of(), null, Instant.EPOCH, Instant.EPOCH, null, null, 0, "admin");
        return request.equals("GET /v1/deployments") ? Map.of("deployments", List.of(d)) : d;
    }

    /** "METHOD /path" of the next request, its head and body read whole; null at the end of the stream. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        long length = 0;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        in.readNBytes((int) length);
        String[] start = lines[0].split(" ");
        return start[0] + " " + start[1];
    }
}
