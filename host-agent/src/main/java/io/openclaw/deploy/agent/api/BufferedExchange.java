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

    BufferedExchange(ControlHandler handler, HttpRequest request, String path, ApiContext api, Action action) {
        super(handler, request, path);
        this.api = api;
        this.action = action;
    }

    @Override
    void start(ChannelHandlerContext ctx) {
        if (HttpUtil.getContentLength(request, -1L) > api.maxJsonBytes()) {
            respond(ctx, tooLarge(), true);
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        handler.read(ctx);
    }

    @Override
    void onContent(ChannelHandlerContext ctx, HttpContent content) {
        if (responded) {
            discard(ctx, content);
            return;
        }
        boolean last = content instanceof LastHttpContent;
        try {
            content.content().readBytes(body, content.content().readableBytes());
        } catch (java.io.IOException impossible) {
            throw new IllegalStateException(impossible);
        } finally {
            content.release();
        }
        if (body.size() > api.maxJsonBytes()) {
            respond(ctx, tooLarge(), true);
            return;
        }
        if (!last) {
            handler.read(ctx);
            return;
        }
        requestComplete = true;
        byte[] bytes = body.toByteArray();
        CompletableFuture.supplyAsync(() -> handler.run(action, bytes, path), api.blocking())
                .whenComplete((reply, failure) -> ctx.executor().execute(() -> respond(
                        ctx, failure == null ? reply : handler.failureReply(failure, path), false)));
    }

    private Reply tooLarge() {
        return Problems.reply(
                ProblemTypes.PAYLOAD_TOO_LARGE,
                413,
                "the request body exceeds " + api.maxJsonBytes() + " bytes",
                path);
    }
}
