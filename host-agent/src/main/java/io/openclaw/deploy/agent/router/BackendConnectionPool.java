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
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive connections to backends, pooled per (event loop, backend address) so that a request and its backend
 * connection always live on the same thread (no locking, no hand-over between threads). Each idle deque is only
 * touched on its own event loop. Idle connections are reused newest first, and closed when their backend leaves the
 * routing table, when the backend closes them, or after {@link #IDLE_TIMEOUT} unused.
 */
final class BackendConnectionPool implements BackendConnections {
    /**
     * Shorter than the usual server keep-alive timeouts (5 s in Node and uvicorn), so the router closes an idle
     * connection before the backend does instead of reusing one the backend is just closing.
     */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(4);
    static final int MAX_IDLE_PER_KEY = 32;

    private final Bootstrap bootstrap;
    private final ConcurrentHashMap<PoolKey, ArrayDeque<Channel>> idle = new ConcurrentHashMap<>();
    private volatile Set<BackendAddress> routable = Set.of();

    BackendConnectionPool(Duration connectTimeout, ChannelGroup allChannels, Transport transport) {
        this.bootstrap = new Bootstrap()
                .channel(transport.clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        allChannels.add(ch);
                        ch.pipeline().addLast(
                                new HttpClientCodec(),
                                new IdleStateHandler(0, 0, IDLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                                new BackendHandler());
                    }
                });
    }

    @Override
    public Future<Channel> acquire(EventLoop loop, Backend backend) {
        assert loop.inEventLoop() : "backend connection acquired outside its event loop";
        BackendAddress address = BackendAddress.of(backend);
        ArrayDeque<Channel> deque = idle.get(new PoolKey(loop, address));
        if (deque != null) {
            Channel ch;
            while ((ch = deque.pollFirst()) != null) {
                if (ch.isActive()) {
                    return loop.newSucceededFuture(ch);
                }
            }
        }
        Promise<Channel> promise = loop.newPromise();
        ChannelFuture connect = bootstrap.clone(loop).connect(address.host(), address.port());
        connect.addListener(f -> {
            if (f.isSuccess()) {
                Channel ch = connect.channel();
                PoolKey key = new PoolKey(loop, address);
                ch.closeFuture().addListener(closed -> forgetIdle(key, ch));
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
        PoolKey key = new PoolKey(ch.eventLoop(), address);
        ArrayDeque<Channel> deque = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (deque.size() >= MAX_IDLE_PER_KEY) {
            ch.close();
            return;
        }
        deque.addFirst(ch);
    }

    private void forgetIdle(PoolKey key, Channel ch) {
        ArrayDeque<Channel> deque = idle.get(key);
        if (deque != null) {
            deque.remove(ch);
        }
    }

    /** Sets the addresses that may keep idle connections and closes the idle connections of all others. */
    void retainOnly(Set<BackendAddress> addresses) {
        routable = Set.copyOf(addresses);
        idle.forEach((key, deque) -> {
            if (!addresses.contains(key.address())) {
                key.loop().execute(() -> {
                    Channel ch;
                    while ((ch = deque.pollFirst()) != null) {
                        ch.close();
                    }
                });
            }
        });
    }

    private record PoolKey(EventLoop loop, BackendAddress address) {
    }
}
