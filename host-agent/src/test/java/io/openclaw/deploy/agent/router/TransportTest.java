package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Which transport the router picks, and which of them can take a listening socket over. */
class TransportTest {

    @AfterEach
    void forgetTheChoice() {
        System.clearProperty(Transport.PROPERTY);
    }

    @Test
    void withoutAChoiceTheBestAvailableIsTakenInTheOrderIoUringEpollNio() {
        Transport expected = Stream.of(Transport.IO_URING, Transport.EPOLL, Transport.NIO)
                .filter(Transport::isAvailable).findFirst().orElseThrow();

        assertThat(Transport.best()).isEqualTo(expected);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void linuxRunsANativeTransport() {
        assertThat(Transport.best()).isIn(Transport.IO_URING, Transport.EPOLL);
    }

    @Test
    void nioIsAlwaysAvailableAndCanBeChosen() {
        System.setProperty(Transport.PROPERTY, " NIO ");

        assertThat(Transport.best()).isEqualTo(Transport.NIO);
    }

    @Test
    void epollCanBeChosenWhereItRuns() {
        assumeTrue(Transport.EPOLL.isAvailable(), "epoll runs here");
        System.setProperty(Transport.PROPERTY, "epoll");

        assertThat(Transport.best()).isEqualTo(Transport.EPOLL);
    }

    @Test
    void onlyTheLinuxTransportsTakeASocketOver() {
        assertThat(Transport.IO_URING.canTakeOverListeningSocket()).isTrue();
        assertThat(Transport.EPOLL.canTakeOverListeningSocket()).isTrue();
        assertThat(Transport.NIO.canTakeOverListeningSocket()).isFalse();
        assertThatThrownBy(() -> Transport.NIO.serverChannelOn(3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot take over");
    }
}
