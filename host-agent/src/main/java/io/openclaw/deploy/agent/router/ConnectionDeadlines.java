package io.openclaw.deploy.agent.router;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a client connection that holds the router without a request in progress: one whose request header is not
 * complete {@code headerTimeout} after its first byte (or after the connection opened), and one that stays idle between
 * requests longer than {@code idleTimeout}. It sits before the HTTP decoder so that it sees the raw bytes; the
 * {@link FrontendHandler} tells it when a header has been decoded and when the connection waits for the next request.
 *
 * <p>Why not Netty's {@code IdleStateHandler}: it measures silence, so a client trickling one header byte a second
 * would never be cut (slowloris), while a long streamed response with quiet spells would be. Nothing here runs while
 * a request is being proxied; the response timeout covers the backend then.
 */
final class ConnectionDeadlines extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionDeadlines.class);

    private enum Phase { HEADER, BUSY, IDLE, LINGER }

    private final Duration headerTimeout;
    private final Duration idleTimeout;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.HEADER;
    private ScheduledFuture<?> timer;

    ConnectionDeadlines(Duration headerTimeout, Duration idleTimeout) {
        this.headerTimeout = headerTimeout;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(Phase.HEADER, headerTimeout);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (phase == Phase.IDLE && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            // The first byte of the next request: its whole header is now due within the header timeout.
            arm(Phase.HEADER, headerTimeout);
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    /** A request header has been decoded: no deadline of this handler runs until the exchange is over. */
    void requestHeadReceived() {
        phase = Phase.BUSY;
        cancel();
    }

    /** The exchange is over and the connection stays open for the next request. */
    void awaitNextRequest() {
        arm(Phase.IDLE, idleTimeout);
    }

    /** The connection only discards what arrives until the client closes: closed after the header timeout at most. */
    void linger() {
        arm(Phase.LINGER, headerTimeout);
    }

    private void arm(Phase next, Duration timeout) {
        cancel();
        phase = next;
        timer = ctx.executor().schedule(() -> expire(next), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void expire(Phase expired) {
        if (phase != expired || !ctx.channel().isOpen()) {
            return;
        }
        LOG.debug("closing client connection {}: {}", ctx.channel().remoteAddress(), switch (expired) {
            case HEADER -> "request header not complete in time";
            case IDLE -> "idle between requests";
            default -> "still sending a refused body";
        });
        ctx.close();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
