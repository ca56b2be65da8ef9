package io.openclaw.deploy.agent.router;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive connections to backends, pooled per event loop and backend address so that a request and its backend
 * connection always live on the same thread (no locking, no hand-over between threads). Each loop's idle connections
 * are only touched on that loop. Idle connections are reused newest first, and closed when their backend leaves the
 * routing table, when the backend closes them, or once unused for the idle timeout.
 *
 * <p>The idle timeout is kept by the pool, not by a handler in each connection's pipeline: Netty's
 * {@code IdleStateHandler} would sit in the path of every read and write of every request (a promise and a listener
 * per write) to serve a deadline that only matters between requests. Here a connection notes when it went idle, a
 * connection idle too long is never handed out, and one timer per event loop closes the expired ones.
 */
final class BackendConnectionPool implements BackendConnections {
    /**
     * Shorter than the usual server keep-alive timeouts (5 s in Node and uvicorn), so the router closes an idle
     * connection before the backend does instead of reusing one the backend is just closing.
     */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(4);
    static final int MAX_IDLE_PER_ADDRESS = 32;

    private final Bootstrap bootstrap;
    private final long idleTimeoutNanos;
    private final ConcurrentHashMap<EventLoop, IdleConnections> idleByLoop = new ConcurrentHashMap<>();
    private volatile Set<BackendAddress> routable = Set.of();

    BackendConnectionPool(Duration connectTimeout, ChannelGroup allChannels, Transport transport) {
        this(connectTimeout, IDLE_TIMEOUT, allChannels, transport);
    }

    BackendConnectionPool(Duration connectTimeout, Duration idleTimeout, ChannelGroup allChannels,
            Transport transport) {
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.bootstrap = new Bootstrap()
                .channel(transport.clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        allChannels.add(ch);
                        ch.pipeline().addLast(new HttpClientCodec(), new BackendHandler());
                    }
                });
    }

    @Override
    public Future<Channel> acquire(EventLoop loop, Backend backend) {
        assert loop.inEventLoop() : "backend connection acquired outside its event loop";
        BackendAddress address = BackendAddress.of(backend);
        IdleConnections idle = idleByLoop.get(loop);
        Channel pooled = idle == null ? null : idle.take(address);
        if (pooled != null) {
            return loop.newSucceededFuture(pooled);
        }
        Promise<Channel> promise = loop.newPromise();
        ChannelFuture connect = bootstrap.clone(loop).connect(address.host(), address.port());
        connect.addListener(f -> {
            if (f.isSuccess()) {
                Channel ch = connect.channel();
                ch.closeFuture().addListener(closed -> forget(loop, address, ch));
                promise.trySuccess(ch);
            } else {
                promise.tryFailure(f.cause());
            }
        });
        return promise;
    }

    @Override
    public void release(Channel ch, Backend backend, boolean reusable) {
        assert ch.eventLoop().inEventLoop() : "backend connection released outside its event loop";
        BackendAddress address = BackendAddress.of(backend);
        if (!reusable || !ch.isActive() || !routable.contains(address)) {
            ch.close();
            return;
        }
        idleByLoop.computeIfAbsent(ch.eventLoop(), IdleConnections::new).put(address, ch);
    }

    private void forget(EventLoop loop, BackendAddress address, Channel ch) {
        IdleConnections idle = idleByLoop.get(loop);
        if (idle != null) {
            idle.remove(address, ch);
        }
    }

    /** Sets the addresses that may keep idle connections and closes the idle connections of all others. */
    void retainOnly(Set<BackendAddress> addresses) {
        routable = Set.copyOf(addresses);
        idleByLoop.values().forEach(idle -> idle.loop.execute(() -> idle.closeAllExcept(routable)));
    }

    /** One event loop's idle connections; used on that loop only. */
    private final class IdleConnections {
        private final EventLoop loop;
        /** Newest first: reuse takes the first, expiry removes from the end. */
        private final Map<BackendAddress, ArrayDeque<Channel>> byAddress = new HashMap<>();
        private boolean expiryScheduled;

        IdleConnections(EventLoop loop) {
            this.loop = loop;
        }

        Channel take(BackendAddress address) {
            ArrayDeque<Channel> deque = byAddress.get(address);
            if (deque == null) {
                return null;
            }
            long now = System.nanoTime();
            Channel ch;
            while ((ch = deque.pollFirst()) != null) {
                if (ch.isActive() && !expired(ch, now)) {
                    return ch;
                }
                ch.close();
            }
            return null;
        }

        void put(BackendAddress address, Channel ch) {
            ArrayDeque<Channel> deque = byAddress.computeIfAbsent(address, a -> new ArrayDeque<>());
            if (deque.size() >= MAX_IDLE_PER_ADDRESS) {
                ch.close();
                return;
            }
            BackendHandler.of(ch).idleSince(System.nanoTime());
            deque.addFirst(ch);
            if (!expiryScheduled) {
                scheduleExpiry(idleTimeoutNanos);
            }
        }

        void remove(BackendAddress address, Channel ch) {
            ArrayDeque<Channel> deque = byAddress.get(address);
            if (deque != null) {
                deque.remove(ch);
            }
        }

        void closeAllExcept(Set<BackendAddress> keep) {
            Iterator<Map.Entry<BackendAddress, ArrayDeque<Channel>>> it = byAddress.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<BackendAddress, ArrayDeque<Channel>> entry = it.next();
                if (!keep.contains(entry.getKey())) {
                    it.remove();
                    entry.getValue().forEach(Channel::close);
                }
            }
        }

        /** Closes what expired and runs again when the oldest of the rest expires. */
        private void closeExpired() {
            expiryScheduled = false;
            long now = System.nanoTime();
            long nextExpiry = Long.MAX_VALUE;
            for (ArrayDeque<Channel> deque : byAddress.values()) {
                Channel oldest;
                while ((oldest = deque.peekLast()) != null && expired(oldest, now)) {
                    deque.pollLast().close();
                }
                if (oldest != null) {
                    nextExpiry = Math.min(nextExpiry, BackendHandler.of(oldest).idleSince() + idleTimeoutNanos - now);
                }
            }
            if (nextExpiry != Long.MAX_VALUE) {
                scheduleExpiry(Math.max(nextExpiry, TimeUnit.MILLISECONDS.toNanos(10)));
            }
        }

        private void scheduleExpiry(long delayNanos) {
            expiryScheduled = true;
            loop.schedule(this::closeExpired, delayNanos, TimeUnit.NANOSECONDS);
        }

        private boolean expired(Channel ch, long now) {
            return now - BackendHandler.of(ch).idleSince() >= idleTimeoutNanos;
        }
    }
}
