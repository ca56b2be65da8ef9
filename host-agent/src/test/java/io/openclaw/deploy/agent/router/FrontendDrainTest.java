package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a draining router does with each client connection (see {@link FrontendHandler#userEventTriggered}), one event
 * at a time on embedded channels with the event loop's clock moved by hand.
 */
class FrontendDrainTest {
    private static final String REQUEST = "GET /loops/mail/inbox HTTP/1.1\r\nHost: router\r\n\r\n";
    private static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private ExchangeHarness harness;

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aKeepAliveConnectionIdleBetweenRequestsIsClosedAfterTheLinger() {
        harness = new ExchangeHarness(ExchangeHarness.FIRST);
        harness.clientSends(REQUEST);
        harness.backendSends(0, RESPONSE);
        assertThat(harness.clientReceived()).endsWith("\r\n\r\nok");

        harness.drain();
        harness.advance(FrontendHandler.DRAIN_LINGER.minusMillis(100));
        assertThat(harness.client.isOpen()).as("within the linger").isTrue();
        harness.advance(Duration.ofMillis(200));

        assertThat(harness.client.isOpen()).as("after the linger").isFalse();
    }

    @Test
    void aRequestArrivingWithinTheLingerIsAnsweredAndItsConnectionThenClosed() {
        harness = new ExchangeHarness(ExchangeHarness.FIRST);
        harness.clientSends(REQUEST);
        harness.backendSends(0, RESPONSE);
        harness.clientReceived();

        harness.drain();
        harness.advance(FrontendHandler.DRAIN_LINGER.dividedBy(2));
        harness.clientSends(REQUEST);
        harness.advance(FrontendHandler.DRAIN_LINGER);
        assertThat(harness.client.isOpen()).as("while its request is with the instance").isTrue();
        harness.backendSends(1, RESPONSE);

        assertThat(harness.clientReceived()).containsIgnoringCase("connection: close").endsWith("\r\n\r\nok");
        assertThat(harness.client.isOpen()).isFalse();
    }

    @Test
    void aConnectionWhoseFirstRequestHasNotComeKeepsItsHeaderTimeoutAndIsServed() {
        harness = new ExchangeHarness(ExchangeHarness.FIRST);

        harness.drain();
        harness.advance(FrontendHandler.DRAIN_LINGER.multipliedBy(3));
        assertThat(harness.client.isOpen()).as("a client that connected to send a request").isTrue();
        harness.clientSends(REQUEST);
        harness.backendSends(0, RESPONSE);

        assertThat(harness.clientReceived()).startsWith("HTTP/1.1 200 OK").containsIgnoringCase("connection: close")
                .endsWith("\r\n\r\nok");
        assertThat(harness.client.isOpen()).isFalse();
    }

    @Test
    void aConnectionThatNeverSendsIsStillClosedAtTheHeaderTimeout() {
        harness = new ExchangeHarness(ExchangeHarness.FIRST);

        harness.drain();
        harness.advance(ExchangeHarness.HEADER_TIMEOUT.plusMillis(100));

        assertThat(harness.client.isOpen()).isFalse();
    }
}
