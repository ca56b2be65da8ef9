package io.openclaw.deploy.agent.dataplane;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.openclaw.deploy.agent.tls.SecretToken;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router process' admin port, on loopback, for the agent alone (bearer token, compared in constant time). Every
 * answer is computed from memory, so requests are handled on the event loop; persisting a table happens after the
 * answer (see {@link RouterProcess#accept}).
 */
final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /** A table of 15 loops is a few kilobytes; this leaves room for many loops and flags without inviting abuse. */
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private final SecretToken token;
    private final RouterProcess router;
    private EventLoopGroup group;
    private Channel channel;

    AdminServer(SecretToken token, RouterProcess router) {
        this.token = token;
        this.router = router;
    }

    /** Binds an ephemeral loopback port and returns it. */
    int start() throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        channel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new ReadTimeoutHandler(5, TimeUnit.MINUTES),
                                new HttpServerCodec(),
                                new HttpObjectAggregator(MAX_BODY),
                                new Handler());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpResponse response;
            try {
                response = answer(request);
            } catch (IOException | IllegalArgumentException e) {
                response = json(HttpResponseStatus.BAD_REQUEST, Map.of("error", String.valueOf(e.getMessage())));
            } catch (RuntimeException e) {
                LOG.warn("admin request {} {} failed", request.method(), request.uri(), e);
                response = json(HttpResponseStatus.INTERNAL_SERVER_ERROR, Map.of("error", e.toString()));
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            var written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private FullHttpResponse answer(FullHttpRequest request) throws IOException {
            String auth = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            if (auth == null || !auth.startsWith("Bearer ") || !token.matches(auth.substring(7))) {
                return json(HttpResponseStatus.UNAUTHORIZED, Map.of("error", "missing or wrong admin token"));
            }
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            HttpMethod method = request.method();
            switch (uri.path()) {
                case "/v1/table" -> {
                    if (method.equals(HttpMethod.PUT)) {
                        byte[] body = ByteBufUtil.getBytes(request.content());
                        router.accept(RouterWire.table(RouterWire.read(body, RouterWire.Table.class)), body);
                        return empty(HttpResponseStatus.NO_CONTENT);
                    }
                    if (method.equals(HttpMethod.GET)) {
                        return json(HttpResponseStatus.OK, RouterWire.table(router.proxy().table()));
                    }
                }
                case "/v1/traffic" -> {
                    if (method.equals(HttpMethod.POST)) {
                        RouterWire.TrafficQuery query = RouterWire.read(ByteBufUtil.getBytes(request.content()),
                                RouterWire.TrafficQuery.class);
                        return json(HttpResponseStatus.OK, router.proxy().trafficStats(query.of(),
                                java.time.Duration.ofMillis(query.windowMillis())).stream()
                                .map(RouterWire.Traffic::of).toList());
                    }
                    if (method.equals(HttpMethod.GET)) {
                        long window = Long.parseLong(param(uri, "window_ms"));
                        return json(HttpResponseStatus.OK, RouterWire.Traffic.of(router.proxy().trafficStats(
                                param(uri, "loop"), param(uri, "version"), java.time.Duration.ofMillis(window))));
                    }
                }
                case "/v1/load" -> {
                    if (method.equals(HttpMethod.GET)) {
                        Map<String, Integer> inFlight = new java.util.LinkedHashMap<>();
                        uri.parameters().getOrDefault("instance", List.of())
                                .forEach(id -> inFlight.put(id, router.proxy().inFlight(id)));
                        return json(HttpResponseStatus.OK,
                                new RouterWire.Load(router.proxy().openConnections(), inFlight));
                    }
                }
                case "/metrics" -> {
                    if (method.equals(HttpMethod.GET)) {
                        FullHttpResponse ok = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                                Unpooled.wrappedBuffer(router.metricsText()));
                        ok.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                        HttpUtil.setContentLength(ok, ok.content().readableBytes());
                        return ok;
                    }
                }
                case "/v1/stop" -> {
                    if (method.equals(HttpMethod.POST)) {
                        router.stopSoon();
                        return empty(HttpResponseStatus.ACCEPTED);
                    }
                }
                default -> {
                    return json(HttpResponseStatus.NOT_FOUND, Map.of("error", "no such admin path " + uri.path()));
                }
            }
            return json(HttpResponseStatus.METHOD_NOT_ALLOWED, Map.of("error", method + " not allowed on " + uri.path()));
        }

        private static String param(QueryStringDecoder uri, String name) {
            List<String> values = uri.parameters().get(name);
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException("missing query parameter " + name);
            }
            return values.get(0);
        }
    }

    private static FullHttpResponse json(HttpResponseStatus status, Object body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(RouterWire.write(body)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        return response;
    }

    private static FullHttpResponse empty(HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        HttpUtil.setContentLength(response, 0);
        return response;
    }
}
