package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pool's keep-alive connections against a real listening socket that notes every connection it accepts and
 * every connection the pool closes.
 */
class BackendConnectionPoolTest {
    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(300);

    private final ChannelGroup channels = new DefaultChannelGroup("test", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup group;
    private Listener backendSide;

    @AfterEach
    void tearDown() throws Exception {
        channels.close().await(5, TimeUnit.SECONDS);
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
        if (backendSide != null) {
            backendSide.close();
        }
    }

    @ParameterizedTest
    @MethodSource("io.openclaw.deploy.agent.router.TransportParityTest#transports")
    void reusesAReleasedConnectionAndClosesItOnceIdleForTheTimeout(Transport transport) throws Exception {
        Harness h = start(transport);

        Channel first = h.acquire();
        h.release(first, true);
        Channel second = h.acquire();

        assertThat(second).isSameAs(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> backendSide.accepted.size() == 1);

        h.release(second, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> backendSide.closedByPeer.size() == 1);
        assertThat(first.isActive()).isFalse();
        Channel fresh = h.acquire();
        assertThat(fresh).isNotSameAs(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> backendSide.accepted.size() == 2);
    }

    @ParameterizedTest
    @MethodSource("io.openclaw.deploy.agent.router.TransportParityTest#transports")
    void leavesAConnectionInUseOpenPastTheIdleTimeout(Transport transport) throws Exception {
        Harness h = start(transport);
        Channel inUse = h.acquire();
        Channel idle = h.acquire();
        h.release(idle, true);

        // The idle one is closed once the timeout has passed; the one an exchange holds is not the pool's to close.
        await().atMost(Duration.ofSeconds(10)).until(() -> !idle.isActive());
        // The backend sees the close when its reader reaches the end of the stream, which on a busy host can come a
        // little after the pool's side is already inactive.
        await().atMost(Duration.ofSeconds(10)).until(() -> backendSide.closedByPeer.size() == 1);
        assertThat(inUse.isActive()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("io.openclaw.deploy.agent.router.TransportParityTest#transports")
    void closesTheIdleConnectionsOfAnAddressThatLeavesTheTable(Transport transport) throws Exception {
        Harness h = start(transport);
        Channel ch = h.acquire();
        h.release(ch, true);

        h.pool.retainOnly(Set.of());

        await().atMost(Duration.ofSeconds(10)).until(() -> !ch.isActive());
        Channel next = h.acquire();
        h.release(next, true); // no longer routable: closed instead of kept
        await().atMost(Duration.ofSeconds(10)).until(() -> !next.isActive());
    }

    @ParameterizedTest
    @MethodSource("io.openclaw.deploy.agent.router.TransportParityTest#transports")
    void closesAConnectionGivenBackAsNotReusable(Transport transport) throws Exception {
        Harness h = start(transport);
        Channel ch = h.acquire();

        h.release(ch, false);

        await().atMost(Duration.ofSeconds(10)).until(() -> !ch.isActive());
        assertThat(h.acquire()).isNotSameAs(ch);
    }

    private Harness start(Transport transport) throws IOException {
        backendSide = new Listener();
        group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlers());
        BackendConnectionPool pool =
                new BackendConnectionPool(Duration.ofSeconds(2), IDLE_TIMEOUT, channels, transport);
        Backend backend = new Backend("b-0", "b", "v1", "blue", "127.0.0.1", backendSide.port(), 1);
        pool.retainOnly(Set.of(BackendAddress.of(backend)));
        return new Harness(pool, group.next(), backend);
    }

    private record Harness(BackendConnectionPool pool, EventLoop loop, Backend backend) {
        Channel acquire() throws Exception {
            return loop.submit(() -> pool.acquire(loop, backend)).get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
        }

        void release(Channel ch, boolean reusable) throws Exception {
            loop.submit(() -> pool.release(ch, backend, reusable)).get(5, TimeUnit.SECONDS);
        }
    }

    /** Accepts connections and notices when the other side closes one (its read ends). */
    private static final class Listener implements AutoCloseable {
        final List<Socket> accepted = new CopyOnWriteArrayList<>();
        final List<Socket> closedByPeer = new CopyOnWriteArrayList<>();
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        Listener() throws IOException {
            Thread acceptor = new Thread(this::acceptAll, "pool-test-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void acceptAll() {
            try {
                while (!server.isClosed()) {
                    Socket socket = server.accept();
                    accepted.add(socket);
                    Thread reader = new Thread(() -> readToEnd(socket), "pool-test-read");
                    reader.setDaemon(true);
                    reader.start();
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private void readToEnd(Socket socket) {
            try (InputStream in = socket.getInputStream()) {
                while (in.read() >= 0) {
                    // the pool sends nothing; anything read is ignored
                }
                closedByPeer.add(socket);
            } catch (IOException e) {
                closedByPeer.add(socket);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
