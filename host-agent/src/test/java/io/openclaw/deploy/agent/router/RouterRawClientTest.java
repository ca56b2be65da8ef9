package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 details a library client hides: pipelining, Connection: close, chunked request bodies. */
class RouterRawClientTest {
    private RouterFixture fixture;
    private TestBackend mail;

    @BeforeEach
    void start() throws Exception {
        fixture = RouterFixture.started();
        mail = TestBackend.start("mail-0");
        fixture.route("mail", mail.backend("mail", "v1", "blue", 1));
    }

    @AfterEach
    void stop() {
        fixture.close();
        mail.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", fixture.router.port()), 5_000);
        socket.setSoTimeout(20_000);
        return socket;
    }

    /** Reads until the peer closes the connection. */
    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("GET /loops/mail/first HTTP/1.1\r\nHost: r\r\n\r\n"
                    + "GET /health HTTP/1.1\r\nHost: r\r\n\r\n"
                    + "GET /loops/mail/third HTTP/1.1\r\nHost: r\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));

            String responses = readAll(socket.getInputStream());

            assertThat(responses.split("HTTP/1.1 200 OK", -1)).hasSize(4);
            assertThat(responses.indexOf("mail-0")).isLessThan(responses.indexOf("\"status\":\"ok\""));
            assertThat(responses.lastIndexOf("mail-0")).isGreaterThan(responses.indexOf("\"status\":\"ok\""));
            assertThat(mail.seen()).extracting(TestBackend.Seen::uri).containsExactly("/first", "/third");
        }
    }

    @Test
    void connectionCloseFromTheClientIsHonoured() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /loops/mail/x HTTP/1.1\r\nHost: r\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));

            String response = readAll(socket.getInputStream());

            assertThat(response).startsWith("HTTP/1.1 200 OK").containsIgnoringCase("connection: close")
                    .endsWith("mail-0");
        }
    }

    @Test
    void chunkedRequestBodyReachesTheBackendWhole() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("POST /loops/mail/upload HTTP/1.1\r\nHost: r\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

            String response = readAll(socket.getInputStream());

            assertThat(response).startsWith("HTTP/1.1 200 OK");
            assertThat(mail.seen()).singleElement().satisfies(seen -> assertThat(seen.bodyBytes()).isEqualTo(11));
        }
    }

    @Test
    void bodyOfARequestAnsweredLocallyIsSkippedAndTheConnectionStaysUsable() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("POST /loops/unknown/x HTTP/1.1\r\nHost: r\r\nContent-Length: 5\r\n\r\nabcde"
                    + "GET /loops/mail/after HTTP/1.1\r\nHost: r\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));

            String responses = readAll(socket.getInputStream());

            assertThat(responses).startsWith("HTTP/1.1 404 Not Found").contains("HTTP/1.1 200 OK").endsWith("mail-0");
            assertThat(mail.seen()).extracting(TestBackend.Seen::uri).containsExactly("/after");
        }
    }
}
