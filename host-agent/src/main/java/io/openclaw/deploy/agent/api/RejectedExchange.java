package io.openclaw.deploy.agent.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * A request refused before its body matters (no token, unknown route, wrong method...). The answer goes out after the
 * body has been dropped, keeping the connection; a client that waits for {@code 100 Continue} gets it at once, and
 * the connection is then closed.
 */
final class RejectedExchange extends Exchange {
    private final Reply reply;
    private final boolean close;

    RejectedExchange(ControlHandler handler, HttpRequest request, String path, Reply reply) {
        this(handler, request, path, reply, false);
    }

    /** @param close answer at once and close: for requests the decoder could not parse, after which it reads nothing */
    RejectedExchange(ControlHandler handler, HttpRequest request, String path, Reply reply, boolean close) {
        super(handler, request, path);
        this.reply = reply;
        this.close = close;
    }

    @Override
    void start(ChannelHandlerContext ctx) {
        if (close || HttpUtil.is100ContinueExpected(request)) {
            respond(ctx, reply, true);
        } else {
            replyAfterBody(reply);
            handler.read(ctx);
        }
    }

    @Override
    void onContent(ChannelHandlerContext ctx, HttpContent content) {
        discard(ctx, content);
    }
}
