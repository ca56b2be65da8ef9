package io.openclaw.deploy.protocol;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * Completes {@link #answer} with the final answer of the one request sent on the channel; {@link #proceed} with a
 * {@code 100 Continue}. A failure noted by the sender (e.g. the upload stream broke) takes precedence over the mere
 * closing that follows it.
 */
final class AnswerHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    final CompletableFuture<HttpAnswer> answer = new CompletableFuture<>();
    final CompletableFuture<Void> proceed = new CompletableFuture<>();
    private volatile Throwable sendFailure;

    /** The request could not be written: the answer fails with that cause (the connection is closed by the caller). */
    void sendFailed(Throwable cause) {
        sendFailure = cause;
        fail(cause);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            // Closed before this call's handlers were in place: no channelInactive will come to report it.
            fail(new ClosedChannelException());
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (response.status().equals(HttpResponseStatus.CONTINUE)) {
            proceed.complete(null);
            return;
        }
        answer.complete(new HttpAnswer(
                response.status().code(), response.headers().copy(), ByteBufUtil.getBytes(response.content())));
        proceed.complete(null);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            fail(new TimeoutException("the agent sent nothing for too long"));
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(sendFailure != null ? sendFailure : new ClosedChannelException());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
        ctx.close();
    }

    private void fail(Throwable cause) {
        answer.completeExceptionally(cause);
        proceed.completeExceptionally(cause);
    }
}
