package io.openclaw.deploy.agent.router;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local HTTP/1.1 reverse proxy in front of the loops: {@code /loops/<loop>/<rest>} goes to an instance of that
 * loop as {@code /<rest>}; {@code GET /health} reports whether every loop has a routed instance.
 *
 * <p>Routing tables are immutable snapshots swapped atomically by {@link #publish}; each snapshot carries its own
 * smooth weighted round-robin state. See docs/router.md.
 */
public final class Router implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final RouterSettings settings;
    private final AtomicReference<RoutingSnapshot> snapshot =
            new AtomicReference<>(RoutingSnapshot.of(RoutingTable.empty()));
    private final InFlightTracker inFlight = new InFlightTracker();
    private final RouterMetrics metrics;
    private final ChannelGroup channels = new DefaultChannelGroup("router", GlobalEventExecutor.INSTANCE);
    private final BackendConnectionPool pool;
    private final ConnectionLimit connections;
    private final Object lifecycle = new Object();
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private boolean closed;

    public Router(RouterSettings settings, PrometheusRegistry registry) {
        this(settings, registry, Clock.systemUTC());
    }

    Router(RouterSettings settings, PrometheusRegistry registry, Clock clock) {
        this.settings = validate(settings);
        this.metrics = new RouterMetrics(Objects.requireNonNull(registry, "registry"), clock);
        this.pool = new BackendConnectionPool(settings.connectTimeout(), channels);
        this.connections = new ConnectionLimit(settings.clientLimits().maxConnections());
    }

    private static RouterSettings validate(RouterSettings s) {
        Objects.requireNonNull(s, "settings");
        if (s.bind() == null || s.bind().isBlank()) {
            throw new IllegalArgumentException("router bind address is empty");
        }
        if (s.port() < 0 || s.port() > 65535) {
            throw new IllegalArgumentException("router port out of range: " + s.port());
        }
        if (s.connectTimeout() == null || s.connectTimeout().isNegative() || s.connectTimeout().isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + s.connectTimeout());
        }
        if (s.responseTimeout() == null || s.responseTimeout().isNegative() || s.responseTimeout().isZero()) {
            throw new IllegalArgumentException("response timeout must be positive: " + s.responseTimeout());
        }
        if (s.maxConnectRetries() < 0) {
            throw new IllegalArgumentException("max connect retries must be >= 0: " + s.maxConnectRetries());
        }
        return s;
    }

    /** Binds the port; returns once it accepts connections. */
    public void start() throws InterruptedException {
        synchronized (lifecycle) {
            if (closed || serverChannel != null) {
                throw new IllegalStateException(closed ? "router is closed" : "router already started");
            }
            acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            workers = new MultiThreadIoEventLoopGroup(
                    Math.max(2, Runtime.getRuntime().availableProcessors()), NioIoHandler.newFactory());
            ProxyContext context = new ProxyContext(settings, snapshot::get, pool, inFlight, metrics);
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(acceptors, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (!connections.tryOpen(ch)) {
                                // Beyond the limit: closed at once, so that a flood of connections costs the agent
                                // neither file descriptors nor memory for long (see ConnectionLimit).
                                ch.config().setOption(ChannelOption.SO_LINGER, 0);
                                ch.close();
                                return;
                            }
                            channels.add(ch);
                            ClientLimits limits = settings.clientLimits();
                            ConnectionDeadlines deadlines =
                                    new ConnectionDeadlines(limits.headerTimeout(), limits.idleTimeout());
                            ch.pipeline().addLast(
                                    deadlines,
                                    new HttpServerCodec(),
                                    new FrontendHandler(context, deadlines));
                        }
                    });
            try {
                serverChannel = bootstrap.bind(settings.bind(), settings.port()).sync().channel();
            } catch (RuntimeException | InterruptedException e) {
                shutdownGroups();
                throw e;
            }
            channels.add(serverChannel);
            LOG.info("router listening on {}:{}", settings.bind(), port());
        }
    }

    /** The bound port (useful with port 0). */
    public int port() {
        synchronized (lifecycle) {
            if (serverChannel == null) {
                throw new IllegalStateException("router is not started");
            }
            return ((InetSocketAddress) serverChannel.localAddress()).getPort();
        }
    }

    /**
     * Atomically replaces the routing table; requests arriving after this call use the new one. Idle pooled
     * connections to instances that are no longer in the table are closed.
     *
     * @throws IllegalArgumentException if a backend is listed under a loop other than its own, an instance id
     *                                  appears twice or an address is invalid (the current table then stays)
     */
    public void publish(RoutingTable table) {
        RoutingSnapshot next = RoutingSnapshot.of(table);
        snapshot.set(next);
        pool.retainOnly(next.addresses());
        LOG.debug("routing table generation {} published", table.generation());
    }

    public RoutingTable table() {
        return snapshot.get().table();
    }

    /** Client connections open now. */
    public int openConnections() {
        return connections.open();
    }

    /** Requests currently being proxied to the instance. */
    public int inFlight(String instanceId) {
        return inFlight.inFlight(instanceId);
    }

    /**
     * Waits until none of the instances has a request in flight (they should already be out of the table).
     *
     * @return false if some were still busy at the timeout
     */
    public boolean awaitDrained(Collection<String> instanceIds, Duration timeout) throws InterruptedException {
        return inFlight.awaitDrained(instanceIds, timeout);
    }

    /**
     * What one version of a loop served over the last {@code window} (at most 5 minutes are kept), for canary
     * analysis: request count, backend 5xx, router-generated failures and the p95 latency.
     */
    public TrafficStats trafficStats(String loop, String version, Duration window) {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        return metrics.trafficStats(loop, version, window);
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (serverChannel != null) {
                serverChannel.close().syncUninterruptibly();
            }
            channels.close().awaitUninterruptibly();
            shutdownGroups();
        }
    }

    private void shutdownGroups() {
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (acceptors != null) {
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
