package io.openclaw.deploy.agent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.Json;
import io.openclaw.deploy.protocol.MediaTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v1/deployments/{id}/events?after=N}: an {@code application/x-ndjson} answer, one event per line, written
 * as the agent delivers them, ended (and the connection closed) when the deployment ends. A blank line is sent as a
 * keep-alive when nothing else was. The agent calls the sink on its own threads; every call hops onto the channel's
 * event loop, where events that arrive before the answer's head has been written wait in order.
 */
final class EventStreamExchange extends Exchange {
    private final ApiContext api;
    private final String deploymentId;
    private final long afterSeq;
    private final List<DeploymentEvent> early = new ArrayList<>();
    private ChannelHandlerContext ctx;
    private boolean started;
    private boolean ended;
    private boolean endSeen;
    private AutoCloseable subscription;
    private ScheduledFuture<?> heartbeat;

    EventStreamExchange(
            ControlHandler handler, HttpRequest request, String path, ApiContext api, String deploymentId, long afterSeq) {
        super(handler, request, path);
        this.api = api;
        this.deploymentId = deploymentId;
        this.afterSeq = afterSeq;
    }

    @Override
    void start(ChannelHandlerContext ctx) {
        handler.read(ctx);
    }

    @Override
    void onContent(ChannelHandlerContext ctx, HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        content.release();
        if (last && !requestComplete) {
            requestComplete = true;
            subscribe(ctx);
        }
        // Keep reading while streaming: that is how a client that went away is noticed.
        handler.read(ctx);
    }

    private void subscribe(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        EventSink sink = new EventSink() {
            @Override
            public void onEvent(DeploymentEvent event) {
                ctx.executor().execute(() -> deliver(event));
            }

            @Override
            public void onEnd(Deployment finished) {
                ctx.executor().execute(() -> end());
            }
        };
        CompletableFuture.supplyAsync(
                        () -> api.operations().followEvents(deploymentId, afterSeq, sink),
                        api.blocking())
                .whenComplete((sub, failure) -> ctx.executor().execute(() -> started(sub, failure)));
    }

    private void started(AutoCloseable sub, Throwable failure) {
        if (failure != null) {
            ended = true;
            respond(ctx, handler.failureReply(failure, path), false);
            return;
        }
        subscription = sub;
        if (!ctx.channel().isActive()) {
            closeSubscription();
            return;
        }
        started = true;
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, MediaTypes.NDJSON)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.write(head);
        for (DeploymentEvent event : early) {
            write(event);
        }
        early.clear();
        ctx.flush();
        if (endSeen) {
            end();
            return;
        }
        long period = api.heartbeat().toMillis();
        heartbeat = ctx.executor().scheduleAtFixedRate(
                () -> ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[] {'\n'}))),
                period,
                period,
                TimeUnit.MILLISECONDS);
    }

    private void deliver(DeploymentEvent event) {
        if (ended) {
            return;
        }
        if (!started) {
            early.add(event);
            return;
        }
        write(event);
        ctx.flush();
    }

    private void write(DeploymentEvent event) {
        try {
            byte[] json = Json.mapper().writeValueAsBytes(event);
            byte[] line = Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(line)));
        } catch (JsonProcessingException e) {
            ControlHandler.LOG.error("cannot serialise event {} of {}", event.seq(), deploymentId, e);
        }
    }

    private void end() {
        if (ended) {
            return;
        }
        if (!started) {
            endSeen = true;
            return;
        }
        ended = true;
        responded = true;
        cancelHeartbeat();
        closeSubscription();
        logAccess(200);
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    void onClosed() {
        ended = true;
        cancelHeartbeat();
        closeSubscription();
        if (started && !responded) {
            logAccess(200);
        }
    }

    private void cancelHeartbeat() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
    }

    private void closeSubscription() {
        AutoCloseable sub = subscription;
        subscription = null;
        if (sub != null) {
            api.blocking().execute(() -> {
                try {
                    sub.close();
                } catch (Exception e) {
                    ControlHandler.LOG.warn("closing the event subscription of {} failed: {}", deploymentId, e.toString());
                }
            });
        }
    }
}
