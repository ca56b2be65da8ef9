package io.openclaw.deploy.protocol;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Idle keep-alive connections of one client, reused by later calls instead of a new TCP and TLS handshake each.
 *
 * <p>A connection is in the pool only between two exchanges; a call holds it alone (HTTP/1.1, no pipelining). New
 * connections always come from {@link ClientTransport#connect()}, which verifies the pin in the handshake, so a reused
 * connection is one whose pin was verified when it was opened. A connection idle for longer than {@code maxIdle} is
 * closed rather than reused: the agent closes idle connections itself after 5 minutes, and a connection that it may be
 * closing at the very moment a request goes out is the one case a client cannot tell apart from a lost request.
 */
final class ConnectionPool implements AutoCloseable {
    /** Connections kept idle per client; more concurrent calls open more connections, and the surplus is closed. */
    static final int MAX_IDLE_CONNECTIONS = 4;
    /** Well below the agent's idle timeout (5 minutes, {@code docs/api.md}). */
    static final Duration MAX_IDLE = Duration.ofSeconds(30);

    /** A connection handed to one call; {@code reused} tells whether it served an earlier call. */
    record Lease(Channel channel, boolean reused) {}

    private record Idle(Channel channel, long sinceNanos) {}

    /** Opens a new connection, its pin verified. */
    @FunctionalInterface
    interface Connector {
        Channel connect() throws AgentClientException;
    }

    private final Connector connector;
    private final LongSupplier nanoTime;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private boolean closed;

    ConnectionPool(Connector connector) {
        this(connector, System::nanoTime);
    }

    ConnectionPool(Connector connector, LongSupplier nanoTime) {
        this.connector = connector;
        this.nanoTime = nanoTime;
    }

    /** The most recently used live idle connection, else a new one. */
    Lease acquire() throws AgentClientException {
        List<Channel> expired = new ArrayList<>();
        try {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("the agent client is closed");
                }
                long now = nanoTime.getAsLong();
                for (Idle candidate; (candidate = idle.pollFirst()) != null; ) {
                    if (candidate.channel().isActive() && now - candidate.sinceNanos() <= MAX_IDLE.toNanos()) {
                        return new Lease(candidate.channel(), true);
                    }
                    expired.add(candidate.channel());
                }
            }
        } finally {
            expired.forEach(Channel::close);
        }
        return fresh();
    }

    /** A new connection, never one from the pool: for a call retried after its reused connection turned out dead. */
    Lease fresh() throws AgentClientException {
        return new Lease(connector.connect(), false);
    }

    /**
     * Ends a call's use of a connection: back to the pool when the exchange left it clean for the next request,
     * otherwise closed.
     */
    void release(Channel channel, boolean reusable) {
        synchronized (this) {
            if (reusable && !closed && channel.isActive() && idle.size() < MAX_IDLE_CONNECTIONS) {
                idle.addFirst(new Idle(channel, nanoTime.getAsLong()));
                return;
            }
        }
        channel.close();
    }

    /** Closes every idle connection: after one turned out dead, the others (same agent) most likely are too. */
    void evictIdle() {
        List<Idle> dropped;
        synchronized (this) {
            dropped = new ArrayList<>(idle);
            idle.clear();
        }
        dropped.forEach(i -> i.channel().close());
    }

    synchronized int idleCount() {
        return idle.size();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        evictIdle();
    }
}
