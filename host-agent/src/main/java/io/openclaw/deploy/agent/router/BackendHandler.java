package io.openclaw.deploy.agent.router;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last handler of a backend connection: hands what arrives to the exchange currently using the connection. */
final class BackendHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(BackendHandler.class);

    private ProxyExchange exchange;
    /** When the pool last took the connection back ({@link System#nanoTime}); see BackendConnectionPool. */
    private long idleSince;

    /** The handler of a backend connection, which is always the last of its pipeline. */
    static BackendHandler of(Channel backendConnection) {
        return (BackendHandler) backendConnection.pipeline().last();
    }

    long idleSince() {
        return idleSince;
    }

    void idleSince(long nanoTime) {
        this.idleSince = nanoTime;
    }

    void attach(ProxyExchange exchange) {
        this.exchange = exchange;
    }

    void detach() {
        this.exchange = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ProxyExchange current = exchange;
        if (current == null) {
            // An idle connection has nothing to say; whatever it sent cannot belong to a request.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        current.onBackendMessage(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ProxyExchange current = exchange;
        if (current != null) {
            current.onBackendReadComplete();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ProxyExchange current = exchange;
        exchange = null;
        if (current != null) {
            current.onBackendClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onBackendWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("backend connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
