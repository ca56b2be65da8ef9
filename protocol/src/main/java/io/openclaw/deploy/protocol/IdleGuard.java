package io.openclaw.deploy.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Last handler of every client connection. During a call the call's handlers consume everything before it; between
 * calls, anything that reaches it (an answer nobody asked for, a reset) means the connection can no longer be trusted
 * to carry a request, so it is closed and the pool drops it.
 */
final class IdleGuard extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
