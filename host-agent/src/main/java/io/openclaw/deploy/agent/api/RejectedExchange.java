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

    RejectedExchange(ControlHandler handler, HttpRequest request, String path, Reply reply) {
        super(handler, request, path);
        this.reply = reply;
    }

    @Override
    void start(ChannelHandlerContext ctx) {
        if (HttpUtil.is100ContinueExpected(request)) {
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
