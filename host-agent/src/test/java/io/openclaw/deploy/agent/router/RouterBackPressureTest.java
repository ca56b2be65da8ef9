package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading must stall the backend, not make the router buffer the response: the backend can
 * only get as far as the socket buffers on both hops allow.
 */
class RouterBackPressureTest {
    private static final long SIZE = 200L * 1024 * 1024;

    @Test
    void slowClientStallsTheBackendInsteadOfFillingTheRouter() throws Exception {
        AtomicLong written = new AtomicLong();
        byte[] chunk = new byte[64 * 1024];
        try (RouterFixture fixture = RouterFixture.started();
             TestBackend source = TestBackend.start("source", exchange -> {
                 TestBackend.drain(exchange.getRequestBody());
                 exchange.sendResponseHeaders(200, SIZE);
                 try (OutputStream out = exchange.getResponseBody()) {
                     for (long sent = 0; sent < SIZE; sent += chunk.length) {
                         out.write(chunk);
                         written.addAndGet(chunk.length);
                     }
                 }
             });
             Socket client = new Socket()) {
            fixture.route("mail", source.backend("mail", "v1", "blue", 1));
            client.setReceiveBufferSize(64 * 1024);
            client.connect(new InetSocketAddress("127.0.0.1", fixture.router.port()), 5_000);
            client.getOutputStream().write(("GET /loops/mail/big HTTP/1.1\r\nHost: router\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();

            long[] previous = {-1};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                long now = written.get();
                boolean stalled = now > 0 && now == previous[0];
                previous[0] = now;
                return stalled;
            });

            assertThat(written.get()).as("bytes the backend got rid of while the client read nothing")
                    .isLessThan(SIZE / 4);

            InputStream in = client.getInputStream();
            long total = 0;
            byte[] buffer = new byte[256 * 1024];
            boolean headersDone = false;
            int matched = 0;
            long bodyBytes = 0;
            for (int r; bodyBytes < SIZE && (r = in.read(buffer)) >= 0; ) {
                total += r;
                int i = 0;
                while (!headersDone && i < r) {
                    byte b = buffer[i++];
                    matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
                    headersDone = matched == 4;
                }
                bodyBytes += r - i;
            }
            assertThat(bodyBytes).isEqualTo(SIZE);
            assertThat(total).isGreaterThan(SIZE);
        }
    }

    @Test
    void backendNotReadingStallsTheClientUpload() throws Exception {
        AtomicLong produced = new AtomicLong();
        CountDownLatch startReading = new CountDownLatch(1);
        try (RouterFixture fixture = unlimitedBodies();
             TestBackend sink = TestBackend.start("sink", exchange -> {
                 try {
                     startReading.await(60, TimeUnit.SECONDS);
                 } catch (InterruptedException e) {
                     Thread.currentThread().interrupt();
                 }
                 long received = TestBackend.drain(exchange.getRequestBody());
                 byte[] body = Long.toString(received).getBytes(StandardCharsets.US_ASCII);
                 exchange.sendResponseHeaders(200, body.length);
                 exchange.getResponseBody().write(body);
             })) {
            fixture.route("mail", sink.backend("mail", "v1", "blue", 1));
            byte[] chunk = new byte[64 * 1024];
            HttpRequest upload = HttpRequest.newBuilder(fixture.uri("/loops/mail/upload"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
                        @Override
                        public int read() {
                            throw new UnsupportedOperationException("bulk reads only");
                        }

                        @Override
                        public int read(byte[] b, int off, int len) {
                            long left = SIZE - produced.get();
                            if (left <= 0) {
                                return -1;
                            }
                            int n = (int) Math.min(Math.min(len, chunk.length), left);
                            System.arraycopy(chunk, 0, b, off, n);
                            produced.addAndGet(n);
                            return n;
                        }
                    }))
                    .build();

            CompletableFuture<HttpResponse<String>> response =
                    fixture.client.sendAsync(upload, HttpResponse.BodyHandlers.ofString());
            long[] previous = {-1};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                long now = produced.get();
                boolean stalled = now > 0 && now == previous[0];
                previous[0] = now;
                return stalled;
            });

            assertThat(produced.get()).as("bytes the client got rid of while the backend read nothing")
                    .isLessThan(SIZE / 4);

            startReading.countDown();
            assertThat(response.get(60, TimeUnit.SECONDS).body()).isEqualTo(Long.toString(SIZE));
        }
    }

    /** 200 MB uploads: far above the default request body limit, which this test is not about. */
    private static RouterFixture unlimitedBodies() throws InterruptedException {
        return new RouterFixture(RouterFixture.settings()
                .withClientLimits(ClientLimits.DEFAULT.withMaxRequestBodyBytes(Long.MAX_VALUE)));
    }
}
