package io.openclaw.deploy.protocol;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;

/**
 * Opens TLS connections to one agent, or plain ones to its control socket on this host. A connection carries one
 * exchange at a time: the handlers of the call in progress sit between the HTTP codec and an {@link IdleGuard}
 * ({@link #install}, {@link #uninstall}), so that between calls (in the {@link ConnectionPool}) the connection has only
 * TLS (not on the socket), the codec and the guard.
 */
final class ClientTransport implements AutoCloseable {
    private static final String GUARD = "idle-guard";
    private static final String CALL_PREFIX = "call-";
    private static final AtomicLong CALL_IDS = new AtomicLong();

    private final URI baseUri;
    private final String where;
    private final Path localSocket;
    private final String host;
    private final int port;
    private final String basePath;
    private final String pinned;
    private final int connectTimeoutMillis;
    private final SslContext sslContext;
    private final EventLoopGroup group;

    ClientTransport(AgentEndpoint endpoint) {
        this.baseUri = endpoint.baseUri();
        this.where = endpoint.where();
        this.localSocket = endpoint.localSocket();
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, endpoint.connectTimeout().toMillis());
        if (localSocket != null) {
            // The socket's file admits the agent's own user only: nothing to encrypt against, no certificate to pin.
            this.host = "localhost";
            this.port = -1;
            this.basePath = "";
            this.pinned = null;
            this.sslContext = null;
        } else {
            if (!"https".equalsIgnoreCase(baseUri.getScheme()) || baseUri.getHost() == null) {
                throw new IllegalArgumentException("the agent URL must be https://HOST:PORT, not " + baseUri);
            }
            String h = baseUri.getHost();
            this.host = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
            this.port = baseUri.getPort() < 0 ? 443 : baseUri.getPort();
            String path = baseUri.getRawPath() == null ? "" : baseUri.getRawPath();
            this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            this.pinned = Fingerprints.normalize(endpoint.fingerprint());
            this.sslContext = pinnedTls(pinned);
        }
        this.group = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("openclaw-agent-client", true), NioIoHandler.newFactory());
    }

    private static SslContext pinnedTls(String pinned) {
        try {
            return SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .trustManager(new PinnedTrustManagerFactory(pinned))
                    // The pin identifies the agent; its self-signed certificate need not name the address used.
                    .endpointIdentificationAlgorithm(null)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** {@code base path + path}, e.g. {@code /v1/status}. */
    String path(String path) {
        return basePath + path;
    }

    /** The {@code Host} header value. */
    String hostHeader() {
        return localSocket != null ? host : baseUri.getRawAuthority();
    }

    /**
     * Connects and completes the TLS handshake (verifying the pin) before anything is sent, so a wrong agent never
     * sees the token. The returned channel has TLS and the HTTP codec; the caller adds its handlers with {@link
     * #install}.
     */
    Channel connect() throws AgentClientException {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(localSocket != null ? NioDomainSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (sslContext != null) {
                            SslHandler ssl = sslContext.newHandler(ch.alloc(), host, port);
                            ssl.setHandshakeTimeoutMillis(connectTimeoutMillis);
                            ch.pipeline().addLast("tls", ssl);
                        }
                        ch.pipeline()
                                .addLast("http", new HttpClientCodec())
                                .addLast(GUARD, new IdleGuard());
                    }
                });
        ChannelFuture connected = localSocket != null
                ? bootstrap.connect(UnixDomainSocketAddress.of(localSocket))
                : bootstrap.connect(host, port);
        try {
            if (!connected.await(connectTimeoutMillis + 1000L, TimeUnit.MILLISECONDS)) {
                connected.cancel(false);
                connected.channel().close();
                throw new AgentUnreachableException(
                        "could not connect to the agent at " + where + " within " + connectTimeoutMillis + " ms",
                        null);
            }
            if (!connected.isSuccess()) {
                throw unreachable(connected.cause());
            }
            Channel channel = connected.channel();
            if (sslContext == null) {
                return channel;
            }
            Future<Channel> handshake = channel.pipeline().get(SslHandler.class).handshakeFuture();
            if (!handshake.await(connectTimeoutMillis + 1000L, TimeUnit.MILLISECONDS) || !handshake.isSuccess()) {
                channel.close();
                Throwable cause = handshake.cause();
                throw cause == null
                        ? new AgentUnreachableException("the TLS handshake with the agent at " + where + " timed out", null)
                        : unreachable(cause);
            }
            return channel;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connected.channel().close();
            throw new AgentClientException("interrupted while connecting to the agent", e);
        }
    }

    /**
     * Adds a call's handlers, in order, after the HTTP codec.
     *
     * @return false when the connection has closed and its pipeline is gone: the call must not use it
     */
    static boolean install(Channel channel, ChannelHandler... handlers) {
        try {
            for (ChannelHandler handler : handlers) {
                channel.pipeline().addBefore(GUARD, CALL_PREFIX + CALL_IDS.incrementAndGet(), handler);
            }
            return true;
        } catch (NoSuchElementException closedMeanwhile) {
            return false;
        }
    }

    /**
     * Removes the handlers of the call that just ended, leaving the connection ready for the next one.
     *
     * @return false when the connection closed meanwhile (its pipeline is then being torn down anyway)
     */
    static boolean uninstall(Channel channel) {
        for (String name : channel.pipeline().names()) {
            if (name.startsWith(CALL_PREFIX)) {
                try {
                    channel.pipeline().remove(name);
                } catch (NoSuchElementException closedMeanwhile) {
                    return false;
                }
            }
        }
        return channel.isActive();
    }

    /** Turns a connection-level failure into the message a person can act on. */
    AgentUnreachableException unreachable(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof PinnedTrustManagerFactory.FingerprintMismatchException mismatch) {
                return new AgentUnreachableException(
                        "the certificate of the agent at " + baseUri + " did not match the pinned fingerprint: it presented sha256:"
                                + mismatch.presented() + ", expected sha256:" + pinned
                                + " (wrong agent, or its certificate was regenerated)",
                        cause);
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectTimeoutException) {
                return new AgentUnreachableException(
                        "could not connect to the agent at " + where + " within " + connectTimeoutMillis + " ms", cause);
            }
            if (t instanceof ConnectException) {
                return new AgentUnreachableException(
                        "could not connect to the agent at " + where + ": " + describe(t)
                                + (localSocket != null ? " (is the agent running?)" : ""), cause);
            }
            if (t instanceof SSLException) {
                return new AgentUnreachableException(
                        "TLS with the agent at " + where + " failed: " + describe(t), cause);
            }
        }
        if (localSocket != null && cause instanceof SocketException) {
            // A socket file without an agent behind it (stopped or killed) refuses; one that is gone is not found.
            return new AgentUnreachableException("could not connect to the agent at " + where + ": " + describe(cause)
                    + " (is the agent running?)", cause);
        }
        return new AgentUnreachableException("lost the connection to the agent at " + where + ": " + describe(cause), cause);
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "connection closed";
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName().toLowerCase(Locale.ROOT) : m;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
