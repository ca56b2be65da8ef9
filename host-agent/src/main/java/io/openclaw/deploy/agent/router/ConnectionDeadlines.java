package io.openclaw.deploy.agent.router;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadlines of one client connection: its request header must be complete {@code headerTimeout} after its first
 * byte (or after the connection opened); it may stay idle between requests {@code idleTimeout}; a proxied request's
 * response head is due {@code responseTimeout} after the request was sent (the exchange says what then happens). It
 * sits before the HTTP decoder so that it sees the raw bytes; the {@link FrontendHandler} and the
 * {@link ProxyExchange} tell it when the connection moves from one phase to the next. All of it runs on the
 * connection's event loop.
 *
 * <p>Why not Netty's {@code IdleStateHandler}: it measures silence, so a client trickling one header byte a second
 * would never be cut (slowloris), while a long streamed response with quiet spells would be.
 *
 * <p>One timer per connection, re-armed lazily: a phase change only moves {@link #deadlineNanos}, and the timer,
 * when it fires early, schedules itself again for what is left. Scheduling and cancelling a timer for each request
 * (twice: idle between requests, then the response) used to cost a task allocation and two priority-queue operations
 * per request on the event loop (issue 11's profile).
 */
final class ConnectionDeadlines extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionDeadlines.class);

    /** BUSY has no deadline: a request is being proxied and its response has begun (or its body is still coming). */
    private enum Phase { HEADER, BUSY, RESPONSE, IDLE, LINGER }

    private final Duration headerTimeout;
    private final Duration idleTimeout;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.HEADER;
    private long deadlineNanos;
    /** When the pending timer fires (System.nanoTime), or {@code Long.MAX_VALUE} when none is pending. */
    private long timerAtNanos = Long.MAX_VALUE;
    private Runnable onResponseTimeout;

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
        phase = Phase.BUSY; // a timer still pending finds nothing to do
        onResponseTimeout = null;
        super.channelInactive(ctx);
    }

    /** A request header has been decoded: no deadline runs until its request has been sent. */
    void requestHeadReceived() {
        assertOnEventLoop();
        phase = Phase.BUSY;
        onResponseTimeout = null;
    }

    /**
     * The request has been sent to an instance: its response head is due within {@code timeout}, else
     * {@code onTimeout} runs (on the event loop).
     */
    void awaitResponse(Duration timeout, Runnable onTimeout) {
        arm(Phase.RESPONSE, timeout);
        onResponseTimeout = onTimeout;
    }

    /** The response head arrived: no deadline while it streams. */
    void responseStarted() {
        assertOnEventLoop();
        if (phase == Phase.RESPONSE) {
            phase = Phase.BUSY;
            onResponseTimeout = null;
        }
    }

    /** The exchange is over and the connection stays open for the next request. */
    void awaitNextRequest() {
        arm(Phase.IDLE, idleTimeout);
    }

    /** Whether the connection is between requests: its last exchange is over and no byte of a next one came. */
    boolean betweenRequests() {
        return phase == Phase.IDLE;
    }

    /** The connection only discards what arrives until the client closes: closed after the header timeout at most. */
    void linger() {
        arm(Phase.LINGER, headerTimeout);
    }

    private void arm(Phase next, Duration timeout) {
        assertOnEventLoop();
        phase = next;
        onResponseTimeout = null;
        deadlineNanos = now() + timeout.toNanos();
        if (deadlineNanos - timerAtNanos < 0) {
            schedule(deadlineNanos);
        }
    }

    private void schedule(long atNanos) {
        timerAtNanos = atNanos;
        ctx.executor().schedule(() -> fire(atNanos), Math.max(0, atNanos - now()), TimeUnit.NANOSECONDS);
    }

    private void fire(long scheduledFor) {
        if (scheduledFor != timerAtNanos) {
            return; // superseded by an earlier timer, which takes over
        }
        timerAtNanos = Long.MAX_VALUE;
        if (phase == Phase.BUSY || !ctx.channel().isOpen()) {
            return; // the next phase change schedules again
        }
        long left = deadlineNanos - now();
        if (left > 0) {
            schedule(deadlineNanos);
            return;
        }
        expire();
    }

    private void expire() {
        if (phase == Phase.RESPONSE) {
            Runnable timeout = onResponseTimeout;
            phase = Phase.BUSY;
            onResponseTimeout = null;
            if (timeout != null) {
                timeout.run();
            }
            return;
        }
        LOG.debug("closing client connection {}: {}", ctx.channel().remoteAddress(), switch (phase) {
            case HEADER -> "request header not complete in time";
            case IDLE -> "idle between requests";
            default -> "still sending a refused body";
        });
        ctx.close();
    }

    /** The event loop's clock, which schedules the timer (and which tests can move). */
    private long now() {
        return ctx.executor().ticker().nanoTime();
    }

    private void assertOnEventLoop() {
        assert ctx.executor().inEventLoop() : "connection deadlines used outside their event loop";
    }
}
