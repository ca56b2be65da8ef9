package io.openclaw.deploy.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pool's decisions on Netty's in-memory channels; real connections are in the host-agent's api tests. */
class ConnectionPoolTest {
    private final List<Channel> opened = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private final ConnectionPool pool = new ConnectionPool(() -> {
        EmbeddedChannel channel = new EmbeddedChannel();
        opened.add(channel);
        return channel;
    }, now::get);

    @Test
    void aReleasedConnectionIsReusedByTheNextCall() throws Exception {
        ConnectionPool.Lease first = pool.acquire();
        assertThat(first.reused()).isFalse();
        pool.release(first.channel(), true);

        ConnectionPool.Lease second = pool.acquire();
        assertThat(second.reused()).isTrue();
        assertThat(second.channel()).isSameAs(first.channel());
        assertThat(opened).hasSize(1);
    }

    @Test
    void aConnectionNotLeftCleanIsClosed() throws Exception {
        Channel channel = pool.acquire().channel();
        pool.release(channel, false);
        assertThat(channel.isOpen()).isFalse();
        assertThat(pool.acquire().reused()).isFalse();
    }

    @Test
    void aConnectionClosedWhileIdleIsNotHandedOut() throws Exception {
        Channel channel = pool.acquire().channel();
        pool.release(channel, true);
        channel.close();
        ConnectionPool.Lease next = pool.acquire();
        assertThat(next.reused()).isFalse();
        assertThat(next.channel()).isNotSameAs(channel);
    }

    @Test
    void aConnectionIdleForTooLongIsClosedInsteadOfReused() throws Exception {
        Channel channel = pool.acquire().channel();
        pool.release(channel, true);
        now.addAndGet(ConnectionPool.MAX_IDLE.toNanos() + 1);
        assertThat(pool.acquire().reused()).isFalse();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void onlyAFewIdleConnectionsAreKept() throws Exception {
        List<Channel> busy = new ArrayList<>();
        for (int i = 0; i < ConnectionPool.MAX_IDLE_CONNECTIONS + 2; i++) {
            busy.add(pool.acquire().channel());
        }
        busy.forEach(c -> pool.release(c, true));
        assertThat(pool.idleCount()).isEqualTo(ConnectionPool.MAX_IDLE_CONNECTIONS);
        assertThat(busy.stream().filter(Channel::isOpen)).hasSize(ConnectionPool.MAX_IDLE_CONNECTIONS);
    }

    @Test
    void closingClosesTheIdleConnectionsAndRefusesMoreCalls() throws Exception {
        Channel idle = pool.acquire().channel();
        Channel inUse = pool.acquire().channel();
        pool.release(idle, true);
        pool.close();
        assertThat(idle.isOpen()).isFalse();
        pool.release(inUse, true);
        assertThat(inUse.isOpen()).isFalse();
        assertThatThrownBy(pool::acquire).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void evictionDropsEveryIdleConnection() throws Exception {
        Channel a = pool.acquire().channel();
        Channel b = pool.acquire().channel();
        pool.release(a, true);
        pool.release(b, true);
        pool.evictIdle();
        assertThat(a.isOpen()).isFalse();
        assertThat(b.isOpen()).isFalse();
        assertThat(pool.idleCount()).isZero();
    }
}
