package io.openclaw.deploy.agent.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * A request with a small body (JSON, at most {@link ApiContext#maxJsonBytes()}), read whole and then handled by an
 * {@link Action} on the blocking executor, since the agent's operations may touch the disk or wait for a lock.
 */
final class BufferedExchange extends Exchange {
    /** Turns the request body into an answer; runs off the event loop. */
    interface Action {
        Reply run(byte[] body) throws Exception;
    }

    private final ApiContext api;
    private final Action action;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    /** The body is too large: the rest of it is read and dropped, then the 413 goes out (see {@link #refuse}). */
    private boolean discarding;

    BufferedExchange(ControlHandler handler, HttpRequest request, String path, ApiContext api, Action action) {
        super(handler, request, path);
        this.api = api;
        this.action = action;
    }

    @Override
    void start(ChannelHandlerContext ctx) {
        long declared = HttpUtil.getContentLength(request, -1L);
        if (declared > api.maxJsonBytes()) {
            if (HttpUtil.is100ContinueExpected(request) || declared > DISCARD_LIMIT) {
                // The client has sent no body yet (or would send too much to read): answer now and close.
                respond(ctx, tooLarge(), true);
            } else {
                refuse(ctx);
            }
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        handler.read(ctx);
    }

    @Override
    void onContent(ChannelHandlerContext ctx, HttpContent content) {
        if (responded || discarding) {
            discard(ctx, content);
            return;
        }
        boolean last = content instanceof LastHttpContent;
        try {
            content.content().readBytes(body, content.content().readableBytes());
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        } finally {
            content.release();
        }
        if (body.size() > api.maxJsonBytes()) {
            body.reset();
            if (last) {
                requestComplete = true;
                respond(ctx, tooLarge(), false);
            } else {
                refuse(ctx);
            }
            return;
        }
        if (!last) {
            handler.read(ctx);
            return;
        }
        requestComplete = true;
        byte[] bytes = body.toByteArray();
        CompletableFuture.supplyAsync(() -> handler.run(action, bytes), api.blocking())
                .whenComplete((reply, failure) -> ctx.executor().execute(() -> respond(
                        ctx, failure == null ? reply : handler.failureReply(failure, path), false)));
    }

    /**
     * Reads the rest of an oversized body and drops it before answering 413: closing while the client still sends
     * would reset the connection, and the client would see a broken pipe instead of the problem.
     */
    private void refuse(ChannelHandlerContext ctx) {
        discarding = true;
        replyAfterBody(tooLarge());
        handler.read(ctx);
    }

    private Reply tooLarge() {
        return Problems.reply(
                ProblemTypes.PAYLOAD_TOO_LARGE,
                413,
                "the request body exceeds " + api.maxJsonBytes() + " bytes",
                path);
    }
}
