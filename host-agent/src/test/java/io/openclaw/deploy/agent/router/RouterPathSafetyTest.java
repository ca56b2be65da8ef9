package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: {@code /loops/x/../../etc/passwd} reached loop x as {@code /../../etc/passwd}. Dot segments and encoded
 * separators are refused with 400 and never reach a loop. Raw sockets, because HTTP client libraries normalise paths.
 */
class RouterPathSafetyTest {
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

    @Test
    void dotSegmentsAndEncodedSeparatorsAreRefused() throws Exception {
        for (String path : List.of("/loops/mail/../../etc/passwd", "/loops/mail/./inbox", "/loops/mail/inbox/..",
                "/loops/mail/%2e%2e/%2e%2e/etc/passwd", "/loops/mail/%2E%2e/x", "/loops/mail/.%2E/x",
                "/loops/mail/a%2fb", "/loops/mail/a%2Fb", "/loops/mail/a%5cb", "/loops/mail/a\\b",
                "/loops/mail/%252e%252e/x", "/loops/mail/..;x/y", "/loops/../loops/mail/x", "/loops/mail/%00")) {
            String response = exchange("GET " + path + " HTTP/1.1\r\nHost: r\r\nConnection: close\r\n\r\n");

            assertThat(response).as(path).startsWith("HTTP/1.1 400 ").contains("path refused");
        }
        assertThat(mail.seen()).isEmpty();
    }

    @Test
    void ordinaryPathsWithDotsAndEncodingsAreForwardedUnchanged() throws Exception {
        for (String path : List.of("/loops/mail/file.txt", "/loops/mail/..hidden/x", "/loops/mail/a%20b",
                "/loops/mail/v1.2/notes?q=../x")) {
            String response = exchange("GET " + path + " HTTP/1.1\r\nHost: r\r\nConnection: close\r\n\r\n");

            assertThat(response).as(path).startsWith("HTTP/1.1 200 ");
        }
        assertThat(mail.seen()).extracting(TestBackend.Seen::uri)
                .containsExactly("/file.txt", "/..hidden/x", "/a%20b", "/v1.2/notes?q=../x");
    }

    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", fixture.router.port()), 5_000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(out);
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
