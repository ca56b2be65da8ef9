package io.openclaw.deploy.agent.router;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: answers the router's own paths and hands {@code /loops/...} requests to a
 * {@link ProxyExchange}, one at a time (a pipelined next request waits in a small backlog).
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(FrontendHandler.class);
    static final Duration DRAIN_LINGER = Duration.ofSeconds(1);

    private final ProxyContext context;
    private final ConnectionDeadlines deadlines;
    /** Messages that arrived while the current exchange waits for its response (at most one socket read). */
    private final ArrayDeque<Object> backlog = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private ProxyExchange exchange;
    private boolean closing;

    FrontendHandler(ProxyContext context, ConnectionDeadlines deadlines) {
        this.context = context;
        this.deadlines = deadlines;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The connection's deadlines; the exchange sets the response's. */
    ConnectionDeadlines deadlines() {
        return deadlines;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!backlog.isEmpty() || (exchange != null && exchange.requestReceived())) {
            backlog.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        handle(msg);
    }

    private void handle(Object msg) {
        if (msg instanceof HttpRequest request) {
            onRequest(request);
        }
        if (msg instanceof HttpContent content) {
            if (exchange != null && !exchange.requestReceived()) {
                exchange.onRequestContent(content);
            } else {
                // The body of a request the router answered itself; once it is over the next request may come.
                if (content instanceof LastHttpContent && !closing) {
                    deadlines.awaitNextRequest();
                }
                content.release();
            }
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(HttpRequest request) {
        long start = System.nanoTime();
        deadlines.requestHeadReceived();
        if (request.decoderResult().isFailure()) {
            respond(LocalResponses.error(HttpResponseStatus.BAD_REQUEST, "malformed request", null, false), false);
            return;
        }
        // A client that waits for 100 Continue has not sent its body: after a local answer the connection is only
        // usable again if the body follows anyway, which nothing guarantees, so it is closed.
        boolean expectsContinue = HttpUtil.is100ContinueExpected(request);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !expectsContinue && !context.draining().get();
        String uri = request.uri();
        if (uri.equals("/health") || uri.startsWith("/health?")) {
            respond(health(request, keepAlive), keepAlive);
            return;
        }
        int queryStart = uri.indexOf('?');
        Optional<String> unsafe = PathGuard.problem(queryStart < 0 ? uri : uri.substring(0, queryStart));
        if (unsafe.isPresent()) {
            respond(LocalResponses.error(HttpResponseStatus.BAD_REQUEST, "path refused: " + unsafe.get(), null,
                    keepAlive), keepAlive);
            return;
        }
        Optional<LoopPath> path = LoopPath.parse(uri);
        if (path.isEmpty()) {
            respond(LocalResponses.error(HttpResponseStatus.NOT_FOUND, "no route for this path", null, keepAlive),
                    keepAlive);
            return;
        }
        String loop = path.get().loop();
        RoutingSnapshot snapshot = context.snapshots().get();
        if (!snapshot.knows(loop)) {
            // Not counted in metrics: unknown names come from clients and would make label values unbounded.
            respond(LocalResponses.error(HttpResponseStatus.NOT_FOUND, "unknown loop", loop, keepAlive), keepAlive);
            return;
        }
        if (snapshot.isManagementPath(loop, path.get().backendUri())) {
            // The agent calls these on the instance's own port; through the router anyone could stop a loop.
            respond(LocalResponses.error(HttpResponseStatus.NOT_FOUND, "no route for this path", loop, keepAlive),
                    keepAlive);
            return;
        }
        long maxBody = context.settings().clientLimits().maxRequestBodyBytes(loop);
        if (HttpUtil.getContentLength(request, -1L) > maxBody) {
            refuseBody(LocalResponses.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body larger than " + maxBody + " bytes", loop, false));
            return;
        }
        Optional<Backend> first = snapshot.pick(loop, Set.of(), request.headers());
        if (first.isEmpty()) {
            context.metrics().finished(loop, "", "", StatusClass.ROUTER_ERROR, System.nanoTime() - start);
            respond(LocalResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "no instance of the loop is routed",
                    loop, keepAlive), keepAlive);
            return;
        }
        if (expectsContinue) {
            request.headers().remove(HttpHeaderNames.EXPECT);
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE))
                    .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
        exchange = new ProxyExchange(context, this, ctx.channel(), request, path.get(), maxBody);
        exchange.start(first.get());
    }

    private FullHttpResponse health(HttpRequest request, boolean keepAlive) {
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            return LocalResponses.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET", null, keepAlive);
        }
        RoutingSnapshot snapshot = context.snapshots().get();
        List<String> missing = snapshot.unroutableLoops();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", missing.isEmpty() ? "ok" : "unavailable");
        body.put("generation", snapshot.table().generation());
        body.put("loops", snapshot.table().loops().keySet().stream().sorted().toList());
        body.put("missing", missing);
        HttpResponseStatus status = missing.isEmpty() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE;
        return LocalResponses.json(status, body, keepAlive);
    }

    private void respond(FullHttpResponse response, boolean keepAlive) {
        if (keepAlive) {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        } else {
            closing = true;
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Answers a request whose body is not wanted (413) and ends the connection without reading another request. The
     * connection is not closed at once: a client still sending its body would get a reset, which can destroy the
     * answer before it reads it. Instead the router stops writing (the client sees the end after the answer) and
     * discards what still arrives until the client closes, for the header timeout at most (a lingering close).
     */
    void refuseBody(FullHttpResponse response) {
        closing = true;
        releaseBacklog();
        deadlines.linger();
        ctx.channel().config().setAutoRead(true); // an exchange may have paused reading; the rest is now discarded
        ctx.writeAndFlush(response).addListener(f -> {
            if (f.isSuccess() && ctx.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            } else {
                ctx.close();
            }
        });
    }

    /** The exchange refused its request's body mid-stream; see {@link #refuseBody}. */
    void exchangeRefusedBody(ProxyExchange done, FullHttpResponse response) {
        if (exchange == done) {
            exchange = null;
        }
        if (response == null) {
            closing = true;
            releaseBacklog();
            ctx.close();
        } else {
            refuseBody(response);
        }
    }

    /** Called by the exchange when it is over; the connection then serves the next request or closes. */
    void exchangeDone(ProxyExchange done, boolean closeConnection) {
        assert ctx.executor().inEventLoop() : "exchange ended outside its connection's event loop";
        if (exchange != done) {
            return;
        }
        exchange = null;
        if (closeConnection) {
            closing = true;
            releaseBacklog();
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        deadlines.awaitNextRequest();
        ctx.channel().config().setAutoRead(true);
        while (!backlog.isEmpty() && !closing && (exchange == null || !exchange.requestReceived())) {
            handle(backlog.poll());
        }
        if (!backlog.isEmpty()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onClientWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * The router is draining: a request in progress closes the connection when it is answered; a keep-alive connection
     * idle between requests is given {@link #DRAIN_LINGER} for the request its client may be sending right now
     * (answered, then closed), and is closed after that. A connection whose request has not come yet, or not whole,
     * keeps its header timeout: its client opened it to send a request (on a busy host it may take longer than the
     * linger to do so), and closing it would fail that request, where a keep-alive client retries on a new connection.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt != ProxyContext.DRAIN) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        ctx.executor().schedule(() -> {
            if (exchange == null && backlog.isEmpty() && !closing && deadlines.betweenRequests()) {
                closing = true;
                ctx.close();
            }
        }, DRAIN_LINGER.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ProxyExchange current = exchange;
        exchange = null;
        if (current != null) {
            current.onClientClosed();
        }
        releaseBacklog();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("client connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void releaseBacklog() {
        Object msg;
        while ((msg = backlog.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }
}
