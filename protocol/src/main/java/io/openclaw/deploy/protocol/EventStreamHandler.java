package io.openclaw.deploy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeoutException;

/**
 * Splits an NDJSON answer into events as its bytes arrive and queues them for the calling thread, so a slow consumer
 * never runs on (or blocks) the event loop. Blank lines are the agent's keep-alives. A non-200 answer is collected
 * whole and queued as an {@link HttpAnswer} to be turned into the matching exception.
 */
final class EventStreamHandler extends ChannelInboundHandlerAdapter {
    static final Object END = new Object();
    private static final int MAX_LINE = 1024 * 1024;
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final BlockingQueue<Object> items;
    private ByteBuf pending;
    private int status;
    private HttpHeaders headers;
    private boolean finished;

    EventStreamHandler(BlockingQueue<Object> items) {
        this.items = items;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        pending = ctx.alloc().buffer();
        if (!ctx.channel().isActive()) {
            // Closed before the stream's handlers were in place: no channelInactive will come to report it.
            finish(new ClosedChannelException());
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        pending.release();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (finished) {
                return;
            }
            if (msg instanceof HttpResponse response) {
                status = response.status().code();
                headers = response.headers().copy();
            }
            if (msg instanceof HttpContent content) {
                ByteBuf bytes = content.content();
                if (status == 200) {
                    pending.writeBytes(bytes);
                    drainLines(ctx);
                } else if (pending.readableBytes() < MAX_ERROR_BODY) {
                    pending.writeBytes(bytes, bytes.readerIndex(), Math.min(bytes.readableBytes(), MAX_ERROR_BODY));
                }
                if (msg instanceof LastHttpContent && !finished) {
                    if (status == 200) {
                        pending.writeByte('\n');
                        drainLines(ctx);
                        finish(END);
                    } else {
                        finish(new HttpAnswer(status, headers, ByteBufUtil.getBytes(pending)));
                    }
                    ctx.close();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void drainLines(ChannelHandlerContext ctx) {
        int newline;
        while (!finished && (newline = pending.indexOf(pending.readerIndex(), pending.writerIndex(), (byte) '\n')) >= 0) {
            String line = pending.readCharSequence(newline - pending.readerIndex(), StandardCharsets.UTF_8)
                    .toString()
                    .trim();
            pending.skipBytes(1);
            if (line.isEmpty()) {
                continue;
            }
            try {
                items.add(Json.mapper().readValue(line, DeploymentEvent.class));
            } catch (Exception e) {
                finish(new AgentClientException("the agent sent an unreadable event line: " + e.getMessage(), e));
                ctx.close();
            }
        }
        pending.discardReadBytes();
        if (pending.readableBytes() > MAX_LINE) {
            finish(new AgentClientException("the agent sent an event line longer than " + MAX_LINE + " bytes"));
            ctx.close();
        }
    }

    private void finish(Object last) {
        if (!finished) {
            finished = true;
            items.add(last);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            finish(new TimeoutException("the agent sent nothing, not even a keep-alive, for too long"));
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        finish(new ClosedChannelException());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        finish(cause);
        ctx.close();
    }
}
