package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: 500 connections that sent part of a header were all still open after 330 s, and a 100 MB body passed to a
 * loop. The router closes a connection whose header is late or that idles between requests, refuses bodies above the
 * loop's limit with 413 (chunked ones mid-stream) and closes connections beyond its limit. Short limits are configured
 * here and every wait is for an observable event (a closed socket), bounded generously for a busy machine.
 */
class RouterClientLimitsTest {
    private static final Duration SHORT = Duration.ofMillis(400);
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private RouterFixture fixture;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private void startRouter(ClientLimits limits) throws Exception {
        fixture = new RouterFixture(RouterFixture.settings().withClientLimits(limits));
    }

    private static ClientLimits limits(Duration header, Duration idle, int maxConnections, long maxBody,
            Map<String, Long> perLoop) {
        return new ClientLimits(header, idle, maxConnections, maxBody, perLoop);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private TestBackend backend(String name) throws IOException {
        TestBackend backend = TestBackend.start(name);
        closeables.add(backend);
        return backend;
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        closeables.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", fixture.router.port()), 5_000);
        return socket;
    }

    /** Whether the router has closed the connection (polls a read with a short timeout; never sleeps). */
    private static boolean closedByPeer(Socket socket) {
        try {
            socket.setSoTimeout(50);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int r;
            while ((r = in.read(buffer)) > 0) {
                // a response the router sent before closing: skip it
            }
            return r < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static String readResponseHead(Socket socket) throws IOException {
        socket.setSoTimeout(20_000);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    @Test
    void aConnectionWhoseHeaderStallsIsClosed() throws Exception {
        startRouter(limits(SHORT, Duration.ofMinutes(5), 100, 1024, Map.of()));
        fixture.route("mail", backend("mail-0").backend("mail", "v1", "blue", 1));
        Socket stalled = connect();
        send(stalled, "GET /loops/mail/x HTTP/1.1\r\nHost: r\r\n");

        await().atMost(PATIENCE).until(() -> closedByPeer(stalled));
        await().atMost(PATIENCE).until(() -> fixture.router.openConnections() == 0);
    }

    @Test
    void aHeaderTrickledByteByByteIsStillCutAtTheHeaderTimeout() throws Exception {
        startRouter(limits(SHORT, Duration.ofMinutes(5), 100, 1024, Map.of()));
        fixture.route("mail", backend("mail-0").backend("mail", "v1", "blue", 1));
        Socket slowloris = connect();
        send(slowloris, "GET /loops/mail/x HTTP/1.1\r\nHost: r\r\nX-Padding: ");

        // One more header byte at every poll: the connection is never silent, yet its header is never finished.
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
            try {
                send(slowloris, "a");
                return closedByPeer(slowloris);
            } catch (IOException e) {
                return true;
            }
        });
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAtTheHeaderTimeout() throws Exception {
        startRouter(limits(SHORT, Duration.ofMinutes(5), 100, 1024, Map.of()));
        Socket silent = connect();

        await().atMost(PATIENCE).until(() -> closedByPeer(silent));
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        startRouter(limits(Duration.ofMinutes(5), SHORT, 100, 1024, Map.of()));
        fixture.route("mail", backend("mail-0").backend("mail", "v1", "blue", 1));
        Socket client = connect();
        send(client, "GET /loops/mail/x HTTP/1.1\r\nHost: r\r\n\r\n");
        assertThat(readResponseHead(client)).startsWith("HTTP/1.1 200 ");

        await().atMost(PATIENCE).until(() -> closedByPeer(client));
    }

    @Test
    void aRequestInProgressIsNotCutByTheHeaderOrIdleTimeout() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        TestBackend slow = TestBackend.start("slow", exchange -> {
            TestBackend.drain(exchange.getRequestBody());
            try {
                answer.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
        });
        closeables.add(slow);
        startRouter(limits(SHORT, SHORT, 100, 1024, Map.of()));
        fixture.route("mail", slow.backend("mail", "v1", "blue", 1));
        Socket client = connect();
        send(client, "GET /loops/mail/x HTTP/1.1\r\nHost: r\r\n\r\n");

        // Several times both timeouts: the connection stays while the backend works on the request.
        await().during(SHORT.multipliedBy(3)).atMost(PATIENCE).until(() -> !closedByPeer(client));
        answer.countDown();

        assertThat(readResponseHead(client)).startsWith("HTTP/1.1 204 ");
    }

    @Test
    void aDeclaredBodyAboveTheLimitIs413AndNeverReachesTheLoop() throws Exception {
        startRouter(limits(Duration.ofMinutes(5), Duration.ofMinutes(5), 100, 1024, Map.of()));
        TestBackend mail = backend("mail-0");
        fixture.route("mail", mail.backend("mail", "v1", "blue", 1));
        Socket client = connect();
        send(client, "POST /loops/mail/upload HTTP/1.1\r\nHost: r\r\nContent-Length: 1025\r\n\r\n");

        assertThat(readResponseHead(client)).startsWith("HTTP/1.1 413 ");
        await().atMost(PATIENCE).until(() -> closedByPeer(client));
        assertThat(mail.seen()).isEmpty();
    }

    @Test
    void aBodyAtTheLimitIsForwarded() throws Exception {
        startRouter(limits(Duration.ofMinutes(5), Duration.ofMinutes(5), 100, 1024, Map.of()));
        TestBackend mail = backend("mail-0");
        fixture.route("mail", mail.backend("mail", "v1", "blue", 1));
        Socket client = connect();
        send(client, "POST /loops/mail/upload HTTP/1.1\r\nHost: r\r\nContent-Length: 1024\r\n\r\n" + "x".repeat(1024));

        assertThat(readResponseHead(client)).startsWith("HTTP/1.1 200 ");
        assertThat(mail.seen()).singleElement().satisfies(s -> assertThat(s.bodyBytes()).isEqualTo(1024));
    }

    @Test
    void aChunkedBodyThatPassesTheLimitMidStreamIs413() throws Exception {
        startRouter(limits(Duration.ofMinutes(5), Duration.ofMinutes(5), 100, 1024, Map.of()));
        TestBackend mail = backend("mail-0");
        fixture.route("mail", mail.backend("mail", "v1", "blue", 1));
        Socket client = connect();
        send(client, "POST /loops/mail/upload HTTP/1.1\r\nHost: r\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "200\r\n" + "x".repeat(512) + "\r\n" + "200\r\n" + "x".repeat(512) + "\r\n"
                + "1\r\nx\r\n");

        assertThat(readResponseHead(client)).startsWith("HTTP/1.1 413 ");
        await().atMost(PATIENCE).until(() -> closedByPeer(client));
        assertThat(mail.seen()).as("the loop never saw a complete request").isEmpty();
    }

    /** A client that sends its body without waiting for 100 Continue still reads the 413, not a reset. */
    @Test
    void aClientStillSendingItsBodyGetsThe413() throws Exception {
        startRouter(limits(Duration.ofMinutes(5), Duration.ofMinutes(5), 100, 1024, Map.of()));
        TestBackend mail = backend("mail-0");
        fixture.route("mail", mail.backend("mail", "v1", "blue", 1));
        byte[] body = new byte[4 * 1024 * 1024];

        java.net.http.HttpResponse<String> declared = fixture.send(java.net.http.HttpRequest.newBuilder(
                fixture.uri("/loops/mail/upload")).POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build());
        java.net.http.HttpResponse<String> chunked = fixture.send(java.net.http.HttpRequest.newBuilder(
                fixture.uri("/loops/mail/upload")).POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(body))).build());

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("request body larger than 1024 bytes");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(mail.seen()).isEmpty();
    }

    @Test
    void aLoopMayHaveItsOwnBodyLimit() throws Exception {
        startRouter(limits(Duration.ofMinutes(5), Duration.ofMinutes(5), 100, 1024, Map.of("files", 4096L)));
        TestBackend files = backend("files-0");
        fixture.route("files", files.backend("files", "v1", "blue", 1));
        Socket client = connect();
        send(client, "POST /loops/files/upload HTTP/1.1\r\nHost: r\r\nContent-Length: 4096\r\n\r\n" + "x".repeat(4096));

        assertThat(readResponseHead(client)).startsWith("HTTP/1.1 200 ");
        assertThat(files.seen()).singleElement().satisfies(s -> assertThat(s.bodyBytes()).isEqualTo(4096));
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAtOnce() throws Exception {
        startRouter(limits(Duration.ofMinutes(5), Duration.ofMinutes(5), 2, 1024, Map.of()));
        fixture.route("mail", backend("mail-0").backend("mail", "v1", "blue", 1));
        Socket first = connect();
        Socket second = connect();
        await().atMost(PATIENCE).until(() -> fixture.router.openConnections() == 2);

        Socket third;
        try {
            third = connect();
        } catch (java.net.SocketException reset) {
            // The router's reset can overtake the end of connect() (epoll accepts and resets that fast): closed at once.
            third = null;
        }

        if (third != null) {
            Socket beyond = third;
            await().atMost(PATIENCE).until(() -> closedByPeer(beyond));
        }
        send(first, "GET /loops/mail/x HTTP/1.1\r\nHost: r\r\n\r\n");
        assertThat(readResponseHead(first)).startsWith("HTTP/1.1 200 ");
        second.close();
        await().atMost(PATIENCE).until(() -> fixture.router.openConnections() == 1);
        Socket fourth = connect();
        send(fourth, "GET /loops/mail/x HTTP/1.1\r\nHost: r\r\n\r\n");
        assertThat(readResponseHead(fourth)).startsWith("HTTP/1.1 200 ");
    }
}
