package io.openclaw.deploy.agent.flags;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenFeature Remote Evaluation Protocol listener the loops read flags from (plain HTTP on loopback by default,
 * {@code 127.0.0.1:8016}, OFREP's default port). Evaluations are in-memory and short, so they run on the event loop.
 */
public final class OfrepServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 8016;
    /** Largest request body; an evaluation context is small. */
    static final int MAX_BODY = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(OfrepServer.class);

    private final String bind;
    private final int requestedPort;
    private final FlagEvaluator evaluator;
    private final FlagsToken token;
    private EventLoopGroup group;
    private Channel channel;

    public OfrepServer(String bind, int port, FlagEvaluator evaluator, FlagsToken token) {
        this.bind = bind;
        this.requestedPort = port;
        this.evaluator = evaluator;
        this.token = token;
    }

    public synchronized OfrepServer start() throws IOException {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("openclaw-ofrep", true), NioIoHandler.newFactory());
        try {
            channel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(MAX_BODY))
                                    .addLast(new OfrepHandler(evaluator, token));
                        }
                    })
                    .bind(new InetSocketAddress(bind, requestedPort))
                    .sync()
                    .channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("cannot listen for OFREP on " + bind + ":" + requestedPort + ": " + e.getMessage(), e);
        }
        LOG.info("OFREP flag evaluation on http://{}:{}", bind, port());
        return this;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The base URL an OFREP provider is given ({@code OPENCLAW_FLAGS_URL}). */
    public String baseUrl() {
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        if ("0.0.0.0".equals(bind) || "::".equals(bind)) {
            host = "127.0.0.1";
        }
        return "http://" + host + ":" + port();
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
