package io.openclaw.deploy.agent.router;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local HTTP/1.1 reverse proxy in front of the loops: {@code /loops/<loop>/<rest>} goes to an instance of that
 * loop as {@code /<rest>}; {@code GET /health} reports whether every loop has a routed instance.
 *
 * <p>Routing tables are immutable snapshots swapped atomically by {@link #publish}; each snapshot carries its own
 * smooth weighted round-robin state. See docs/router.md. It runs in the router process ({@code dataplane}), and in
 * tests of the proxy on its own.
 */
public final class ProxyServer implements Router {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);
    /** A system property that sets the number of event loops instead of {@link #eventLoops}. */
    static final String EVENT_LOOPS_PROPERTY = "openclaw.router.eventLoops";

    private final RouterSettings settings;
    private final AtomicReference<RoutingSnapshot> snapshot =
            new AtomicReference<>(RoutingSnapshot.of(RoutingTable.empty()));
    private final InFlightTracker inFlight = new InFlightTracker();
    private final RouterMetrics metrics;
    private final ChannelGroup channels = new DefaultChannelGroup("router", GlobalEventExecutor.INSTANCE);
    private final BackendConnectionPool pool;
    private final ConnectionLimit connections;
    private final Transport transport;
    private final ProxyContext context;
    private final Object lifecycle = new Object();
    private EventLoopGroup acceptors;
    private MultiThreadIoEventLoopGroup workers;
    private Channel serverChannel;
    private boolean closed;

    public ProxyServer(RouterSettings settings, PrometheusRegistry registry) {
        this(settings, registry, Transport.best());
    }

    public ProxyServer(RouterSettings settings, PrometheusRegistry registry, Transport transport) {
        this(settings, registry, Clock.systemUTC(), transport);
    }

    ProxyServer(RouterSettings settings, PrometheusRegistry registry, Clock clock) {
        this(settings, registry, clock, Transport.best());
    }

    private ProxyServer(RouterSettings settings, PrometheusRegistry registry, Clock clock, Transport transport) {
        this.settings = validate(settings);
        this.transport = transport;
        this.metrics = new RouterMetrics(Objects.requireNonNull(registry, "registry"), clock);
        this.pool = new BackendConnectionPool(settings.connectTimeout(), channels, transport);
        this.connections = new ConnectionLimit(settings.clientLimits().maxConnections());
        this.context = new ProxyContext(settings, snapshot::get, pool, inFlight, metrics, new AtomicBoolean());
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

    /**
     * Event loops serving connections: half the cores, at least one. The router shares its host with the loops whose
     * traffic it carries, and on two cores one event loop served as many requests per second as two, for 8 % less CPU
     * per request and a far shorter tail at a fixed rate (docs/performance.md).
     */
    static int eventLoops(int cores) {
        return Math.max(1, cores / 2);
    }

    /** Binds the port; returns once it accepts connections. */
    public void start() throws InterruptedException {
        start(-1);
    }

    /**
     * Serves on a listening socket another process handed over (its file descriptor in this process), without binding:
     * both processes accept from the same socket until the other one closes its copy, so no connection is refused.
     *
     * @throws IllegalStateException if this router's transport cannot take a socket over (NIO)
     */
    public void startOn(int listeningSocket) throws InterruptedException {
        if (!transport.canTakeOverListeningSocket()) {
            throw new IllegalStateException("the " + transport.displayName() + " transport cannot take over a"
                    + " listening socket");
        }
        start(listeningSocket);
    }

    /** The listening socket's file descriptor, to hand over to another router process; -1 on NIO. */
    public int listeningSocket() {
        synchronized (lifecycle) {
            return serverChannel instanceof ServerChannel server
                    ? Transport.listeningSocketOf(server).orElse(-1)
                    : -1;
        }
    }

    public Transport transport() {
        return transport;
    }

    private void start(int inherited) throws InterruptedException {
        synchronized (lifecycle) {
            if (closed || serverChannel != null) {
                throw new IllegalStateException(closed ? "router is closed" : "router already started");
            }
            acceptors = new MultiThreadIoEventLoopGroup(1, transport.ioHandlers());
            workers = new MultiThreadIoEventLoopGroup(
                    Integer.getInteger(EVENT_LOOPS_PROPERTY, eventLoops(Runtime.getRuntime().availableProcessors())),
                    transport.ioHandlers());
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(acceptors, workers)
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
            if (inherited >= 0) {
                bootstrap.channelFactory(() -> transport.serverChannelOn(inherited));
            } else {
                bootstrap.channel(transport.serverChannel());
            }
            try {
                serverChannel = (inherited >= 0 ? bootstrap.register() : bootstrap.bind(settings.bind(), settings.port()))
                        .sync().channel();
            } catch (RuntimeException | InterruptedException e) {
                shutdownGroups();
                throw e;
            }
            channels.add(serverChannel);
            int loops = workers.executorCount();
            LOG.info("router {} on {}:{} ({}, {} event loop{})",
                    inherited >= 0 ? "took over the listening socket" : "listening", settings.bind(), port(),
                    transport.displayName(), loops, loops == 1 ? "" : "s");
        }
    }

    /** The bound port (useful with port 0). */
    @Override
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
    @Override
    public void publish(RoutingTable table) {
        RoutingSnapshot next = RoutingSnapshot.of(table);
        snapshot.set(next);
        pool.retainOnly(next.addresses());
        LOG.debug("routing table generation {} published", table.generation());
    }

    @Override
    public RoutingTable table() {
        return snapshot.get().table();
    }

    @Override
    public int openConnections() {
        return connections.open();
    }

    @Override
    public int inFlight(String instanceId) {
        return inFlight.inFlight(instanceId);
    }

    @Override
    public boolean awaitDrained(Collection<String> instanceIds, Duration timeout) throws InterruptedException {
        return inFlight.awaitDrained(instanceIds, timeout);
    }

    @Override
    public TrafficStats trafficStats(String loop, String version, Duration window) {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        return metrics.trafficStats(loop, version, window);
    }

    /**
     * A stop without cutting requests: no new connection is accepted, requests in flight get up to {@code drain} to
     * finish, then every connection is closed.
     */
    public void drainAndClose(Duration drain) {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            if (serverChannel != null) {
                // Closes this process' copy only: a router that took the socket over keeps accepting on it.
                serverChannel.close().syncUninterruptibly();
            }
        }
        context.draining().set(true);
        awaitAcceptedConnections();
        for (Channel ch : channels) {
            ch.eventLoop().execute(() -> ch.pipeline().fireUserEventTriggered(ProxyContext.DRAIN));
        }
        long deadline = System.nanoTime() + drain.toNanos();
        while (connections.open() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        if (connections.open() > 0) {
            LOG.warn("{} client connection(s) still open after {} ms of draining; closing them", connections.open(),
                    drain.toMillis());
        }
        close();
    }

    /**
     * Connections the acceptor took just before its socket closed may still wait for their event loop to register
     * them: uncounted, they would be closed mid-request when the count reaches zero. A task queued on every event loop
     * behind those registrations returns once each of them is registered and counted.
     */
    private void awaitAcceptedConnections() {
        EventLoopGroup loops;
        synchronized (lifecycle) {
            loops = workers;
        }
        if (loops == null) {
            return;
        }
        for (EventExecutor loop : loops) {
            if (!loop.isShuttingDown()) {
                loop.submit(() -> { }).awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
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
