package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The router behaves the same on every transport this machine has: io_uring and epoll, which Linux uses, and NIO, which
 * Windows uses (the rest of the router tests run on the machine's best transport).
 */
class TransportParityTest {

    static Stream<Transport> transports() {
        return Stream.of(Transport.values()).filter(Transport::isAvailable);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void proxiesARequestWithItsBody(Transport transport) throws Exception {
        try (RouterFixture fixture = new RouterFixture(RouterFixture.settings(), transport);
                TestBackend mail = TestBackend.start("mail-blue-0")) {
            fixture.route("mail", mail.backend("mail", "v1", "blue", 1));

            HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/loops/mail/send"))
                    .POST(HttpRequest.BodyPublishers.ofString("hello")).build());

            assertThat(fixture.router.transport()).isEqualTo(transport);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("mail-blue-0");
            assertThat(mail.seen().get(0).method()).isEqualTo("POST");
        }
    }

    /** Whether nothing accepts connections on the port any more. */
    private static boolean refuses(int port) {
        try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void drainingStopsAcceptingLetsTheRequestInFlightFinishAndClosesItsConnection(Transport transport) throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (RouterFixture fixture = new RouterFixture(RouterFixture.settings(), transport);
                TestBackend slow = TestBackend.start("slow-blue-0", exchange -> {
                    arrived.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    byte[] body = "done".getBytes();
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                })) {
            fixture.route("slow", slow.backend("slow", "v1", "blue", 1));
            CompletableFuture<HttpResponse<String>> inFlight = fixture.client.sendAsync(
                    HttpRequest.newBuilder(fixture.uri("/loops/slow/x")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> draining = CompletableFuture.runAsync(
                    () -> fixture.router.drainAndClose(Duration.ofSeconds(30)));
            int port = fixture.router.port();
            await().atMost(Duration.ofSeconds(30)).until(() -> refuses(port));
            release.countDown();

            HttpResponse<String> answer = inFlight.get(30, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("done");
            assertThat(answer.headers().firstValue("Connection")).contains("close");
            draining.get(30, TimeUnit.SECONDS);
            assertThat(fixture.router.openConnections()).isZero();
        }
    }
}
