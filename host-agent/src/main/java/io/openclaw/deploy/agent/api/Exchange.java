package io.openclaw.deploy.agent.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its answer on a connection. The channel does not read on its own (auto-read is off and a flow
 * control handler passes one message per read), so an exchange asks for the next part of the request only when it is
 * ready for it: that is the API's back-pressure. All methods run on the channel's event loop.
 */
abstract class Exchange {
    private static final Logger ACCESS = LoggerFactory.getLogger("io.openclaw.deploy.agent.api.access");
    /** Bytes of an unwanted body read and dropped before the connection is closed instead. */
    static final long DISCARD_LIMIT = 1024 * 1024;

    final ControlHandler handler;
    final HttpRequest request;
    final String path;
    private final long startNanos = System.nanoTime();
    boolean requestComplete;
    boolean responded;
    /** The answer was written with {@code Connection: close}; whatever else arrives is dropped. */
    boolean closing;
    private Reply pendingReply;
    private long discarded;
    /** Answered early ({@code Connection: close}); the rest of the body is read and dropped, then the connection closes. */
    private boolean draining;

    Exchange(ControlHandler handler, HttpRequest request, String path) {
        this.handler = handler;
        this.request = request;
        this.path = path;
    }

    /**
     * Called once the handler has made this the connection's current exchange (reading more inside it re-enters the
     * handler at once).
     */
    abstract void start(ChannelHandlerContext ctx);

    /** Receives the next part of the request body; owns {@code content} and must release it. */
    abstract void onContent(ChannelHandlerContext ctx, HttpContent content);

    /** The connection closed before the exchange finished: release what it holds. */
    void onClosed() {}

    /** Drops body bytes that will not be used; closes the connection if there are too many. */
    final void discard(ChannelHandlerContext ctx, HttpContent content) {
        if (draining) {
            boolean last = content instanceof LastHttpContent;
            content.release();
            if (last) {
                draining = false;
                closing = true;
                ctx.close();
            } else {
                handler.read(ctx);
            }
            return;
        }
        if (closing) {
            content.release();
            return;
        }
        boolean last = content instanceof LastHttpContent;
        discarded += content.content().readableBytes();
        content.release();
        if (last) {
            requestComplete = true;
            if (pendingReply != null) {
                Reply reply = pendingReply;
                pendingReply = null;
                respond(ctx, reply, false);
            } else if (responded) {
                handler.exchangeDone(ctx, this);
            }
        } else if (discarded > DISCARD_LIMIT) {
            Reply reply = pendingReply;
            pendingReply = null;
            if (reply != null) {
                respond(ctx, reply, true);
            } else {
                ctx.close();
            }
        } else {
            handler.read(ctx);
        }
    }

    /** Answers once the request body has been read (and dropped), keeping the connection for the next request. */
    final void replyAfterBody(Reply reply) {
        pendingReply = reply;
    }

    /**
     * Writes a complete answer. When the request body has not been read to its end the connection is closed after it,
     * since what follows on the wire would not be a request.
     */
    final void respond(ChannelHandlerContext ctx, Reply reply, boolean close) {
        respond(ctx, reply, close, false);
    }

    /**
     * Answers before the request's body has been read to its end, then reads and drops the rest before closing. A
     * client still sending gets the answer: closing a socket with unread bytes resets the connection, and the client
     * saw "Broken pipe" instead of the refusal (issue 12). Only for a body of announced length, which a refused upload
     * was going to send anyway; anything else closes at once.
     */
    final void respondThenDrain(ChannelHandlerContext ctx, Reply reply, boolean bodyOfKnownLength) {
        respond(ctx, reply, true, bodyOfKnownLength);
    }

    private void respond(ChannelHandlerContext ctx, Reply reply, boolean close, boolean drain) {
        if (responded) {
            return;
        }
        responded = true;
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, reply.status(), head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
        if (reply.contentType() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        }
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, head ? 0 : reply.body().length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            response.headers().set(h.getKey(), h.getValue());
        }
        boolean keepAlive = !close && requestComplete && HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        logAccess(reply.status().code());
        closing = !keepAlive;
        if (keepAlive) {
            ctx.writeAndFlush(response);
            handler.exchangeDone(ctx, this);
        } else if (drain && !requestComplete) {
            closing = false;
            draining = true;
            ctx.writeAndFlush(response);
            handler.read(ctx);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    final void logAccess(int status) {
        if (ACCESS.isDebugEnabled()) {
            ACCESS.debug("{} {} {} {}ms", request.method(), path, status, (System.nanoTime() - startNanos) / 1_000_000);
        }
    }
}
