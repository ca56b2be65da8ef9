package io.openclaw.deploy.agent.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.flags.FlagOperations;
import io.openclaw.deploy.agent.tls.TlsIdentity;
import io.openclaw.deploy.agent.tls.OwnerOnlyFiles;
import io.openclaw.deploy.agent.tls.TlsIdentityStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The control API: HTTPS (TLS 1.3/1.2, the agent's self-signed certificate), bearer token, JSON, in front of an
 * {@link AgentOperations}; optionally also on a Unix domain socket for clients on this host. See {@code docs/api.md}.
 *
 * <pre>{@code
 * ControlServer api = ControlServer.forHome(home, config.listen(), operations).start();
 * ...
 * api.close();
 * }</pre>
 */
public final class ControlServer implements AutoCloseable {
    /** Largest JSON request body accepted. */
    public static final int MAX_JSON_BYTES = 64 * 1024;
    /** How often an idle event stream gets a keep-alive line. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /**
     * A connection with no traffic in either direction for this long is closed: keep-alive connections of clients that
     * went away do not pile up, and clients keep idle connections for less than this ({@code docs/api.md}).
     */
    public static final Duration IDLE_CONNECTION = Duration.ofMinutes(5);

    private final String bindAddress;
    private final int requestedPort;
    private final TlsIdentity tls;
    private final ApiToken token;
    private final AgentOperations operations;
    private final Duration heartbeat;
    private final Duration idleConnection;
    private final LongAdder connectionsAccepted = new LongAdder();
    private final AtomicInteger connectionsOpen = new AtomicInteger();
    private FlagOperations flags;
    private SslContext preparedTls;
    private Path localSocket;
    private Channel localChannel;
    private Object localSocketKey;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private ExecutorService blocking;
    private Channel serverChannel;

    /**
     * @param bindAddress address to listen on, e.g. {@code 127.0.0.1}
     * @param port        TCP port; 0 picks a free one, see {@link #port()}
     */
    public ControlServer(String bindAddress, int port, TlsIdentity tls, ApiToken token, AgentOperations operations) {
        this(bindAddress, port, tls, token, operations, HEARTBEAT, IDLE_CONNECTION);
    }

    /** With another keep-alive period for event streams (tests). */
    ControlServer(
            String bindAddress, int port, TlsIdentity tls, ApiToken token, AgentOperations operations, Duration heartbeat) {
        this(bindAddress, port, tls, token, operations, heartbeat, IDLE_CONNECTION);
    }

    /** With another keep-alive period for event streams and another idle connection timeout (tests). */
    ControlServer(String bindAddress, int port, TlsIdentity tls, ApiToken token, AgentOperations operations,
            Duration heartbeat, Duration idleConnection) {
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
        this.idleConnection = Objects.requireNonNull(idleConnection, "idleConnection");
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.requestedPort = port;
        this.tls = Objects.requireNonNull(tls, "tls");
        this.token = Objects.requireNonNull(token, "token");
        this.operations = Objects.requireNonNull(operations, "operations");
    }

    /** The server of an initialised agent home: its certificate and token, the configured address and API port. */
    public static ControlServer forHome(AgentHome home, AgentConfig.Listen listen, AgentOperations operations)
            throws IOException {
        return new ControlServer(
                listen.bind(), listen.apiPort(), TlsIdentityStore.load(home), ApiToken.load(home.tokenFile()), operations);
    }

    /** Serves the flag admin endpoints ({@code /v1/flags...}) from these operations; call before {@link #start()}. */
    public synchronized ControlServer withFlags(FlagOperations flagOperations) {
        this.flags = flagOperations;
        return this;
    }

    /**
     * Serves TLS with this context, made in advance from the same identity ({@link TlsIdentity#serverContext}), so
     * that {@link #start()} does not set up the TLS provider itself: the agent's start makes it beside its other
     * steps. Call before {@link #start()}.
     */
    public synchronized ControlServer withServerContext(SslContext prepared) {
        this.preparedTls = Objects.requireNonNull(prepared, "prepared");
        return this;
    }

    /**
     * Also serves the API on a Unix domain socket at {@code socket}, without TLS, for clients on this host (the CLI
     * with {@code --home}: no TLS handshake per call). The token is required there too. Its directory is made
     * owner-only first, so no other user can open it; where such a socket cannot be made (a path too long for one)
     * the agent logs it and serves HTTPS alone. Null: none. Call before {@link #start()}.
     */
    public synchronized ControlServer withLocalSocket(Path socket) {
        this.localSocket = socket;
        return this;
    }

    /** Binds and starts serving; returns this. */
    public synchronized ControlServer start() throws IOException {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        SslContext sslContext = preparedTls != null ? preparedTls : tls.serverContext();
        bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("openclaw-api-accept", true), NioIoHandler.newFactory());
        workerGroup = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("openclaw-api", true), NioIoHandler.newFactory());
        blocking = Executors.newCachedThreadPool(new DefaultThreadFactory("openclaw-api-worker", true));
        ApiContext context =
                new ApiContext(operations, token, blocking, tls.fingerprint(), MAX_JSON_BYTES, heartbeat, flags);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        serve(ch, sslContext, context);
                    }
                });
        try {
            serverChannel = bootstrap.bind(new InetSocketAddress(bindAddress, requestedPort)).sync().channel();
        } catch (Exception e) {
            close();
            throw new IOException("cannot listen on " + bindAddress + ":" + requestedPort + ": " + e.getMessage(), e);
        }
        ControlHandler.LOG.info("control API listening on {} (certificate sha256:{})", baseUri(), tls.fingerprint());
        if (localSocket != null) {
            localChannel = listenLocally(context);
        }
        return this;
    }

    /** A new connection's pipeline: TLS (not on the socket on this host), then the same HTTP API. */
    private void serve(Channel ch, SslContext sslContext, ApiContext context) {
        connectionsAccepted.increment();
        connectionsOpen.incrementAndGet();
        ch.closeFuture().addListener(f -> connectionsOpen.decrementAndGet());
        if (sslContext != null) {
            ch.pipeline().addLast("tls", sslContext.newHandler(ch.alloc()));
        }
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(0, 0, idleConnection.toMillis(), TimeUnit.MILLISECONDS))
                .addLast("http", new HttpServerCodec())
                .addLast("flow", new FlowControlHandler())
                .addLast("api", new ControlHandler(context));
    }

    /** The API on the socket on this host. */
    private Channel listenLocally(ApiContext context) {
        try {
            OwnerOnlyFiles.createDirectory(localSocket.getParent());
            // A socket file outlives a killed agent; a new bind needs the name free.
            Files.deleteIfExists(localSocket);
            Channel channel = new ServerBootstrap()
                    .group(bossGroup, workerGroup)
                    .channel(NioServerDomainSocketChannel.class)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            serve(ch, null, context);
                        }
                    })
                    .bind(UnixDomainSocketAddress.of(localSocket)).sync().channel();
            if (OwnerOnlyFiles.supportsPosix(localSocket)) {
                Files.setPosixFilePermissions(localSocket, PosixFilePermissions.fromString("rw-------"));
            }
            localSocketKey = fileKey(localSocket);
            ControlHandler.LOG.info("control API also on {} for clients on this host", localSocket);
            return channel;
        } catch (Exception e) {
            ControlHandler.LOG.warn("Control socket {} not available ({}); clients on this host use HTTPS", localSocket,
                    e.toString());
            return null;
        }
    }

    /** What tells this file from another made under the same name later (an inode), or null where there is none. */
    private static Object fileKey(Path file) throws IOException {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                ? Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey() : null;
    }

    /** The port actually bound (useful when 0 was asked). */
    public int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** {@code https://address:port} of the API, for clients on this host. */
    public URI baseUri() {
        String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
        if (bindAddress.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (bindAddress.equals("::") || bindAddress.equals("[::]")) {
            host = "[::1]";
        }
        return URI.create("https://" + host + ":" + port());
    }

    /** Connections accepted since the start (tests observe keep-alive reuse with it). */
    long connectionsAccepted() {
        return connectionsAccepted.sum();
    }

    /** Connections open now. */
    int connectionsOpen() {
        return connectionsOpen.get();
    }

    public String fingerprint() {
        return tls.fingerprint();
    }

    /** Stops accepting, closes the connections (ending event streams) and releases the threads. */
    @Override
    public synchronized void close() {
        if (localChannel != null) {
            localChannel.close().syncUninterruptibly();
            localChannel = null;
            try {
                // Only this server's own file: a new agent that took the name over keeps its socket.
                if (localSocketKey != null && localSocketKey.equals(fileKey(localSocket))) {
                    Files.deleteIfExists(localSocket);
                }
            } catch (IOException e) {
                ControlHandler.LOG.debug("Control socket {} not removed: {}", localSocket, e.toString());
            }
        }
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            bossGroup = null;
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workerGroup = null;
        }
        if (blocking != null) {
            blocking.shutdownNow();
            blocking = null;
        }
    }
}
