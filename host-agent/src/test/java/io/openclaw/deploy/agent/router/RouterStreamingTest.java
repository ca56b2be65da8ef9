package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 50 MB bodies both ways. Each side holds back the second half of its body until the far side has seen the first
 * bytes: a router that aggregated bodies would deadlock here and the test would fail on the latch, not hang.
 */
class RouterStreamingTest {
    private static final long SIZE = 50L * 1024 * 1024;
    private static final long HOLD_BACK_AFTER = SIZE / 2;

    private RouterFixture fixture;

    @BeforeEach
    void start() throws Exception {
        // 50 MB bodies: far above the default request body limit, which this test is not about.
        fixture = new RouterFixture(RouterFixture.settings()
                .withClientLimits(ClientLimits.DEFAULT.withMaxRequestBodyBytes(Long.MAX_VALUE)));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void largeRequestBodyIsStreamedToTheBackend() throws Exception {
        CountDownLatch backendReceiving = new CountDownLatch(1);
        AtomicLong received = new AtomicLong();
        try (TestBackend sink = TestBackend.start("sink", exchange -> {
            InputStream in = exchange.getRequestBody();
            byte[] buffer = new byte[64 * 1024];
            for (int r; (r = in.read(buffer)) >= 0; ) {
                received.addAndGet(r);
                backendReceiving.countDown();
            }
            byte[] body = Long.toString(received.get()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        })) {
            fixture.route("mail", sink.backend("mail", "v1", "blue", 1));
            AtomicBoolean sawBackendBeforeFinishing = new AtomicBoolean();

            HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/loops/mail/upload"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedStream(SIZE, HOLD_BACK_AFTER, () -> {
                        sawBackendBeforeFinishing.set(await(backendReceiving));
                    })))
                    .build());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(Long.toString(SIZE));
            assertThat(sawBackendBeforeFinishing).as("backend received bytes while the client was still sending").isTrue();
        }
    }

    @Test
    void largeResponseBodyIsStreamedToTheClient() throws Exception {
        CountDownLatch clientReceiving = new CountDownLatch(1);
        AtomicBoolean sawClientBeforeFinishing = new AtomicBoolean();
        try (TestBackend source = TestBackend.start("source", exchange -> {
            TestBackend.drain(exchange.getRequestBody());
            exchange.sendResponseHeaders(200, 0); // chunked: the router must not wait for a length
            try (OutputStream out = exchange.getResponseBody();
                 InputStream body = new GeneratedStream(SIZE, HOLD_BACK_AFTER,
                         () -> sawClientBeforeFinishing.set(await(clientReceiving)))) {
                body.transferTo(out);
            }
        })) {
            fixture.route("mail", source.backend("mail", "v1", "blue", 1));

            HttpResponse<InputStream> response = fixture.client.send(
                    HttpRequest.newBuilder(fixture.uri("/loops/mail/download")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            long total = 0;
            long mismatches = 0;
            try (InputStream in = response.body()) {
                byte[] buffer = new byte[64 * 1024];
                for (int r; (r = in.read(buffer)) >= 0; ) {
                    for (int i = 0; i < r; i++) {
                        if (buffer[i] != GeneratedStream.byteAt(total + i)) {
                            mismatches++;
                        }
                    }
                    total += r;
                    clientReceiving.countDown();
                }
            }

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(total).isEqualTo(SIZE);
            assertThat(mismatches).isZero();
            assertThat(sawClientBeforeFinishing).as("client received bytes while the backend was still sending").isTrue();
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A deterministic byte pattern of a given size that runs {@code halfway} once when it reaches that offset. */
    private static final class GeneratedStream extends InputStream {
        private final long size;
        private final long pauseAt;
        private final Runnable halfway;
        private long position;
        private boolean paused;

        GeneratedStream(long size, long pauseAt, Runnable halfway) {
            this.size = size;
            this.pauseAt = pauseAt;
            this.halfway = halfway;
        }

        static byte byteAt(long offset) {
            return (byte) (offset * 31 + (offset >>> 13));
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            if (!paused && position >= pauseAt) {
                paused = true;
                halfway.run();
            }
            long limit = paused ? size : pauseAt;
            int n = (int) Math.min(len, limit - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = byteAt(position + i);
            }
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            // nothing to release
        }
    }
}
