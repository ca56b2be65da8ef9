package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The edge branches of {@link ProxyExchange}, one event at a time on embedded channels (see {@link ExchangeHarness}):
 * interim responses, HTTP/1.0 and unframed bodies, bodiless responses, a client leaving mid-response, connect
 * failures, the response timeout. Netty's paranoid leak detection runs in every test JVM, so a buffer one of these
 * branches forgets to release fails the test.
 */
class ProxyExchangeEdgeTest {
    private ExchangeHarness harness;

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void theRouterAnswers100ContinueItselfAndDropsTheInstancesInterimResponse() {
        harness = new ExchangeHarness(ExchangeHarness.FIRST);
        harness.clientSends("POST /loops/mail/send HTTP/1.1\r\nHost: router\r\nExpect: 100-continue\r\n"
                + "Content-Length: 5\r\n\r\n");
        assertThat(harness.clientReceived()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        harness.clientSends("hello");

        String forwarded = harness.backendReceived(0);
        assertThat(forwarded).startsWith("POST /send HTTP/1.1\r\n").endsWith("\r\n\r\nhello")
                .doesNotContainIgnoringCase("expect:");
        harness.backendSends(0, "HTTP/1.1 100 Continue\r\n\r\n");
        assertThat(harness.clientReceived()).isEmpty();
        harness.backendSends(0, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

        assertThat(harness.clientReceived()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nok")
                .doesNotContain("100 Continue");
        assertThat(harness.backends.released).containsExactly("mail-0 reusable");
        assertThat(requestsCounted()).isEqualTo(1);
    }

    @Test
    void anUnframedBodyIsReframedAsChunkedForAnHttp11ClientWhoseConnectionStays() {
        harness = new ExchangeHarness(ExchangeHarness.FIRST);
        harness.clientSends("GET /loops/mail/stream HTTP/1.1\r\nHost: router\r\n\r\n");
        harness.backendReceived(0);
        harness.backendSends(0, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nabc");
        harness.backend(0).close(); // the instance ends this body by closing

        String answer = harness.clientReceived();
        assertThat(answer).containsIgnoringCase("transfer-encoding: chunked").doesNotContainIgnoringCase("connection:")
                .endsWith("\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        assertThat(harness.client.isOpen()).isTrue();
        assertThat(harness.backends.released).containsExactly("mail-0 closed");
    }

    @Test
    void anHttp10ClientGetsAnUnframedBodyEndedByClosingItsConnection() {
        harness = new ExchangeHarness(ExchangeHarness.FIRST);
        harness.clientSends("GET /loops/mail/stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(harness.backendReceived(0)).startsWith("GET /stream HTTP/1.1\r\n");
        harness.backendSends(0, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nabc");
        harness.backend(0).close();

        String answer = harness.clientReceived();
        assertThat(answer).containsIgnoringCase("connection: close").doesNotContainIgnoringCase("transfer-encoding")
                .endsWith("\r\n\r\nabc");
        harness.client.runPendingTasks();
        assertThat(harness.client.isOpen()).isFalse();
    }

    @Test
    void anHttp10KeepAliveClientIsToldItsConnectionStays() {
        harness = new ExchangeHarness(ExchangeHarness.FIRST);
        harness.clientSends("GET /loops/mail/a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        harness.backendReceived(0);
        harness.backendSends(0, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na");

        assertThat(harness.clientReceived()).containsIgnoringCase("connection: keep-alive").endsWith("\r\n\r\na");
        assertThat(harness.client.isOpen()).isTrue();
    }

    @Test
    void aHeadResponseKeepsItsContentLengthAndHasNoBody() {
        harness = new ExchangeHarness(ExchangeHarness.FIRST);
        harness.clientSends("HEAD /loops/mail/file HTTP/1.1\r\nHost: router\r\n\r\n");
        assertThat(harness.backendReceived(0)).startsWith("HEAD /file HTTP/1.1\r\n");
        harness.backendSends(0, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");

        String answer = harness.clientReceived();
        assertThat(answer).containsIgnoringCase("content-length: 100").doesNotContainIgnoringCase("transfer-encoding")
                .endsWith("\r\n\r\n");
        assertThat(harness.backends.released).containsExactly("mail-0 reusable");
        assertNextRequestIsServed();
    }

    @Test
    void noContentAndNotModifiedAreNotReframed() {
        harness = new ExchangeHarness(ExchangeHarness.FIRST);
        harness.clientSends("DELETE /loops/mail/x HTTP/1.1\r\nHost: router\r\n\r\n");
        harness.backendReceived(0);
        harness.backendSends(0, "HTTP/1.1 204 No Content\r\n\r\n");
        assertThat(harness.clientReceived()).startsWith("HTTP/1.1 204 No Content\r\n")
                .doesNotContainIgnoringCase("transfer-encoding").endsWith("\r\n\r\n");

        harness.clientSends("GET /loops/mail/x HTTP/1.1\r\nHost: router\r\nIf-None-Match: \"1\"\r\n\r\n");
        harness.backendReceived(1);
        harness.backendSends(1, "HTTP/1.1 304 Not Modified\r\nETag: \"1\"\r\n\r\n");
        assertThat(harness.clientReceived()).startsWith("HTTP/1.1 304 Not Modified\r\n")
                .doesNotContainIgnoringCase("transfer-encoding").endsWith("\r\n\r\n");
        assertThat(harness.client.isOpen()).isTrue();
        assertThat(requestsCounted()).isEqualTo(2);
    }

    @Test
    void aClientLeavingMidResponseClosesTheBackendConnectionAndIsNotCounted() {
        harness = new ExchangeHarness(ExchangeHarness.FIRST);
        harness.clientSends("GET /loops/mail/big HTTP/1.1\r\nHost: router\r\n\r\n");
        harness.backendReceived(0);
        harness.backendSends(0, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
        assertThat(harness.clientReceived()).endsWith("5\r\nfirst\r\n");
        assertThat(harness.inFlight.inFlight("mail-0")).isEqualTo(1);

        harness.client.close();

        assertThat(harness.backends.released).containsExactly("mail-0 closed");
        assertThat(harness.backend(0).isOpen()).isFalse();
        assertThat(harness.inFlight.inFlight("mail-0")).isZero();
        assertThat(requestsCounted()).isZero();
    }

    @Test
    void aRefusedConnectionIsRetriedOnAnotherInstance() {
        harness = new ExchangeHarness(ExchangeHarness.FIRST, ExchangeHarness.SECOND);
        harness.backends.refusing.add("mail-0");
        // Equal weights: the first pick is mail-0, which refuses; no byte was written, so mail-1 gets the request.
        harness.clientSends("GET /loops/mail/a HTTP/1.1\r\nHost: router\r\n\r\n");

        assertThat(harness.backends.opened).hasSize(1);
        assertThat(harness.backendReceived(0)).startsWith("GET /a ").containsIgnoringCase("host: 127.0.0.1:9002");
        assertThat(harness.inFlight.inFlight("mail-0")).isZero();
        assertThat(harness.inFlight.inFlight("mail-1")).isEqualTo(1);
        harness.backendSends(0, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na");
        assertThat(harness.clientReceived()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\na");
        assertThat(harness.inFlight.inFlight("mail-1")).isZero();
        assertThat(requestsCounted()).isEqualTo(1);
    }

    @Test
    void whenNoInstanceAcceptsTheClientGets502() {
        harness = new ExchangeHarness(ExchangeHarness.FIRST, ExchangeHarness.SECOND);
        harness.backends.refusing.add("mail-0");
        harness.backends.refusing.add("mail-1");
        harness.clientSends("GET /loops/mail/a HTTP/1.1\r\nHost: router\r\n\r\n");

        assertThat(harness.clientReceived()).startsWith("HTTP/1.1 502 Bad Gateway\r\n")
                .contains("no instance of the loop accepted a connection");
        assertThat(harness.inFlight.inFlight("mail-0")).isZero();
        assertThat(harness.inFlight.inFlight("mail-1")).isZero();
        assertThat(harness.client.isOpen()).isTrue();
    }

    @Test
    void aResponseHeadThatDoesNotComeInTimeIsA504() {
        harness = new ExchangeHarness(ExchangeHarness.FIRST);
        harness.clientSends("GET /loops/mail/slow HTTP/1.1\r\nHost: router\r\n\r\n");
        harness.backendReceived(0);

        harness.advance(ExchangeHarness.RESPONSE_TIMEOUT.minusSeconds(1));
        assertThat(harness.clientReceived()).isEmpty();
        harness.advance(Duration.ofSeconds(2));

        assertThat(harness.clientReceived()).startsWith("HTTP/1.1 504 Gateway Timeout\r\n");
        assertThat(harness.backends.released).containsExactly("mail-0 closed");
        assertThat(harness.inFlight.inFlight("mail-0")).isZero();
    }

    @Test
    void aStreamingResponseIsNotCutByTheResponseTimeout() {
        harness = new ExchangeHarness(ExchangeHarness.FIRST);
        harness.clientSends("GET /loops/mail/stream HTTP/1.1\r\nHost: router\r\n\r\n");
        harness.backendReceived(0);
        harness.backendSends(0, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n");

        harness.advance(ExchangeHarness.RESPONSE_TIMEOUT.plusSeconds(5));
        harness.backendSends(0, "1\r\nb\r\n0\r\n\r\n");

        assertThat(harness.clientReceived()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("1\r\nb\r\n0\r\n\r\n");
        assertThat(harness.client.isOpen()).isTrue();
    }

    @Test
    void phasesOnlyMoveForward() {
        assertThat(ProxyExchange.Phase.CONNECTING.canMoveTo(ProxyExchange.Phase.AWAITING_RESPONSE)).isTrue();
        assertThat(ProxyExchange.Phase.SKIPPING_INFORMATIONAL.canMoveTo(ProxyExchange.Phase.AWAITING_RESPONSE))
                .isTrue();
        assertThat(ProxyExchange.Phase.RESPONDING.canMoveTo(ProxyExchange.Phase.AWAITING_RESPONSE)).isFalse();
        for (ProxyExchange.Phase next : ProxyExchange.Phase.values()) {
            assertThat(ProxyExchange.Phase.DONE.canMoveTo(next)).isFalse();
        }
    }

    @Test
    void testsRunWithAssertionsEnabled() {
        // The exchange's event-loop and phase rules are asserts: they only guard anything when tests run with -ea.
        assertThatThrownBy(() -> {
            assert false;
        }).isInstanceOf(AssertionError.class);
    }

    private void assertNextRequestIsServed() {
        int before = harness.backends.opened.size();
        harness.clientSends("GET /loops/mail/next HTTP/1.1\r\nHost: router\r\n\r\n");
        assertThat(harness.backendReceived(before)).startsWith("GET /next HTTP/1.1\r\n");
        harness.backendSends(before, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext");
        assertThat(harness.clientReceived()).endsWith("\r\n\r\nnext");
    }

    private long requestsCounted() {
        return harness.registry.scrape().stream()
                .filter(s -> s instanceof CounterSnapshot && s.getMetadata().getName().equals("openclaw_router_requests"))
                .flatMap(s -> ((CounterSnapshot) s).getDataPoints().stream())
                .mapToLong(p -> (long) p.getValue())
                .sum();
    }
}
