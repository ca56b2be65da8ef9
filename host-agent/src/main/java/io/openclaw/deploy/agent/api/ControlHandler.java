package io.openclaw.deploy.agent.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.openclaw.deploy.agent.DiskFullException;
import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of the control API: authenticates each request, routes it to an {@link Exchange}, and turns every
 * failure into an RFC 9457 problem. Runs on the connection's event loop; the agent is only called on the blocking
 * executor.
 */
final class ControlHandler extends ChannelInboundHandlerAdapter {
    static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final ApiContext api;
    private final Endpoints endpoints;
    private Exchange exchange;
    /** A read was asked for and no message has come since. */
    private boolean wantRead;

    ControlHandler(ApiContext api) {
        this.api = api;
        this.endpoints = new Endpoints(this, api);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        read(ctx);
        super.channelActive(ctx);
    }

    /**
     * Asks for the next message. Every read of this handler goes through here: a read can be used up by a socket read
     * that yields no whole message (TLS records, a partial HTTP head), and {@link #channelReadComplete} then asks again.
     */
    void read(ChannelHandlerContext ctx) {
        wantRead = true;
        ctx.read();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (wantRead) {
            ctx.read();
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        wantRead = false;
        if (msg instanceof HttpRequest request) {
            if (exchange != null) {
                // A second request while one is still answered (pipelining during an event stream): not supported.
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            exchange = open(request);
            exchange.start(ctx);
        }
        if (msg instanceof HttpContent content) {
            if (exchange == null) {
                content.release();
                read(ctx);
            } else {
                exchange.onContent(ctx, content);
            }
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
            read(ctx);
        }
    }

    /** The exchange has answered and the request was read to its end: ready for the next request. */
    void exchangeDone(ChannelHandlerContext ctx, Exchange done) {
        if (exchange == done) {
            exchange = null;
            read(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (exchange != null) {
            exchange.onClosed();
            exchange = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // TLS failures of clients with a wrong pin, resets... The client sees the closed connection.
        LOG.debug("control connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private Exchange open(HttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        if (request.decoderResult().isFailure()) {
            return new RejectedExchange(
                    this, request, path, Problems.reply(ProblemTypes.BAD_REQUEST, 400, "malformed HTTP request", null), true);
        }
        Route.Match match;
        try {
            match = Route.match(path);
        } catch (IllegalArgumentException badEncoding) {
            match = null;
        }
        if (match != null && match.route() == Route.HEALTH) {
            if (!match.route().allows(request.method())) {
                return reject(request, path, Endpoints.methodNotAllowed(match.route(), request, path));
            }
            return healthz(request, path);
        }
        if (!authorized(request)) {
            boolean presented = request.headers().contains(HttpHeaderNames.AUTHORIZATION);
            Reply reply = Problems.reply(
                            ProblemTypes.UNAUTHORIZED,
                            401,
                            presented ? "the bearer token is not valid" : "this endpoint needs 'Authorization: Bearer <token>'",
                            path)
                    .withHeader(
                            HttpHeaderNames.WWW_AUTHENTICATE.toString(),
                            presented ? "Bearer realm=\"openclaw-agent\", error=\"invalid_token\"" : "Bearer realm=\"openclaw-agent\"");
            return reject(request, path, reply);
        }
        if (match == null) {
            return reject(request, path, Problems.reply(ProblemTypes.NOT_FOUND, 404, "no endpoint " + path, path));
        }
        if (!match.route().allows(request.method())) {
            return reject(request, path, Endpoints.methodNotAllowed(match.route(), request, path));
        }
        return endpoints.route(request, path, uri, match);
    }

    private Exchange reject(HttpRequest request, String path, Reply reply) {
        return new RejectedExchange(this, request, path, reply);
    }

    private Exchange healthz(HttpRequest request, String path) {
        return new BufferedExchange(
                this, request, path, api, body -> Reply.text(HttpResponseStatus.OK, "text/plain; charset=utf-8", "ok\n"));
    }

    private boolean authorized(HttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || header.length() < 7 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return false;
        }
        return api.token().matches(header.substring(7).strip());
    }

    /** Runs an action, letting exceptions through to {@link #failureReply}. */
    Reply run(BufferedExchange.Action action, byte[] body) {
        try {
            return action.run(body);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /** The problem answer for a failure: the agent's refusals as they are, anything else as a bare 500. */
    Reply failureReply(Throwable failure, String path) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException
                        || cause instanceof UncheckedIOException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof OperationException refusal) {
            return Problems.of(refusal, path);
        }
        if (DiskFullException.isDiskFull(cause)) {
            // A write the agent's operations did not expect to fail: still the caller's answer is "free space".
            LOG.warn("control API request {} failed: the disk is full ({})", path, cause.toString());
            return Problems.of(DiskFullException.refusing("complete the request", cause), path);
        }
        LOG.error("control API request {} failed", path, cause);
        return Problems.internal(path);
    }
}
