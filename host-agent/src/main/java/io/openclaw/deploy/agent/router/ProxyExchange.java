package io.openclaw.deploy.agent.router;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request proxied to one backend (after connect retries), streamed both ways. Everything runs on the
 * client connection's event loop, and the backend connection lives on the same loop, so no state here is shared
 * between threads.
 *
 * <p>Back-pressure: the client connection is read only while the backend connection is writable, and the backend
 * connection only while the client connection is writable; at most one socket read is ever buffered.
 */
final class ProxyExchange {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyExchange.class);

    private final ProxyContext context;
    private final FrontendHandler frontend;
    private final Channel client;
    private final HttpRequest request;
    private final String loop;
    private final HttpVersion clientVersion;
    private final boolean clientKeepAlive;
    private final long startNanos = System.nanoTime();
    private final Set<String> tried = new HashSet<>();
    /** Request parts that arrived before a backend connection was ready; nothing is written until then. */
    private final ArrayDeque<HttpContent> pending = new ArrayDeque<>();
    /** Largest request body forwarded; counted here because a chunked body announces no length. */
    private final long maxRequestBodyBytes;
    private long requestBodyBytes;

    private Backend backend;
    /** The version the request was first sent to; a retry keeps it (see RoutingSnapshot#pick). */
    private String assignedVersion;
    private Backend countedInFlight;
    private Channel backendChannel;
    private BackendHandler backendHandler;
    private boolean requestReceived;
    private boolean requestSent;
    private boolean responseStarted;
    private boolean skippingInformational;
    private boolean backendKeepAlive;
    private boolean closeClientAfterResponse;
    private int status;
    private boolean finished;
    private ScheduledFuture<?> responseTimeout;

    ProxyExchange(ProxyContext context, FrontendHandler frontend, Channel client, HttpRequest request, LoopPath path,
            long maxRequestBodyBytes) {
        this.context = context;
        this.maxRequestBodyBytes = maxRequestBodyBytes;
        this.frontend = frontend;
        this.client = client;
        this.request = request;
        this.loop = path.loop();
        this.clientVersion = request.protocolVersion();
        this.clientKeepAlive = HttpUtil.isKeepAlive(request);
        request.setUri(path.backendUri());
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        ForwardedHeaders.removeHopByHop(request.headers());
        ForwardedHeaders.addForwarded(request.headers(), client.remoteAddress());
    }

    /** Starts with the backend the routing snapshot picked when the request arrived. */
    void start(Backend first) {
        context.metrics().started(loop);
        client.config().setAutoRead(false);
        assignedVersion = first.version();
        attempt(first);
    }

    boolean requestReceived() {
        return requestReceived;
    }

    private void attempt(Backend target) {
        backend = target;
        tried.add(target.instanceId());
        countedInFlight = target;
        context.inFlight().begin(target.instanceId());
        Future<Channel> connection = context.pool().acquire(client.eventLoop(), target);
        connection.addListener(f -> {
            if (f.isSuccess()) {
                onConnected(connection.getNow(), target);
            } else {
                onConnectFailed(target, f.cause());
            }
        });
    }

    private void onConnectFailed(Backend target, Throwable cause) {
        if (finished) {
            return;
        }
        LOG.debug("connect to {} ({}) failed: {}", target.instanceId(), BackendAddress.of(target), cause.toString());
        endInFlight();
        // No byte of the request has been written, so another instance can take it: one of the same version, so that
        // a segment, sticky user or flag choice holds across the retry.
        Optional<Backend> next = tried.size() <= context.settings().maxConnectRetries()
                ? context.snapshots().get().pick(loop, tried, request.headers(), assignedVersion)
                : Optional.empty();
        if (next.isPresent()) {
            attempt(next.get());
        } else {
            failLocally(HttpResponseStatus.BAD_GATEWAY, "no instance of the loop accepted a connection");
        }
    }

    private void onConnected(Channel ch, Backend target) {
        if (finished) {
            context.pool().release(ch, target, true);
            return;
        }
        backendChannel = ch;
        backendHandler = ch.pipeline().get(BackendHandler.class);
        backendHandler.attach(this);
        ch.config().setAutoRead(client.isWritable());
        request.headers().set(HttpHeaderNames.HOST, target.host() + ":" + target.port());
        ch.write(request).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        HttpContent part;
        while ((part = pending.poll()) != null) {
            writeToBackend(part);
        }
        ch.flush();
        updateClientReading();
    }

    /** A part of the request body from the client (the last one ends the request). */
    void onRequestContent(HttpContent content) {
        if (finished) {
            content.release();
            return;
        }
        requestBodyBytes += content.content().readableBytes();
        if (requestBodyBytes > maxRequestBodyBytes) {
            content.release();
            onBodyTooLarge();
            return;
        }
        if (content instanceof LastHttpContent) {
            requestReceived = true;
        }
        if (backendChannel == null) {
            pending.add(content);
            return;
        }
        writeToBackend(content);
        backendChannel.flush();
        updateClientReading();
    }

    private void writeToBackend(HttpContent content) {
        backendChannel.write(content).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        if (content instanceof LastHttpContent) {
            requestSent = true;
            // The response timeout runs from the end of the request, so a long upload is not cut short.
            if (!responseStarted) {
                responseTimeout = client.eventLoop().schedule(this::onResponseTimeout,
                        context.settings().responseTimeout().toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    void onBackendMessage(Object msg) {
        if (finished) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                backendChannel.close();
                return;
            }
            if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                // The router answers Expect: 100-continue itself; interim responses of the instance stop here.
                skippingInformational = true;
            } else {
                onResponseHead(response);
            }
        }
        if (msg instanceof HttpContent content) {
            if (skippingInformational) {
                content.release();
                if (content instanceof LastHttpContent) {
                    skippingInformational = false;
                }
                return;
            }
            if (content instanceof LastHttpContent) {
                // Counted before the client can see the end, so a client that got its answer also sees it counted.
                finish(StatusClass.ofBackendStatus(status));
                writeToClient(content);
                onResponseComplete();
            } else {
                writeToClient(content);
            }
        }
    }

    private void onResponseHead(HttpResponse response) {
        cancelResponseTimeout();
        responseStarted = true;
        status = response.status().code();
        backendKeepAlive = HttpUtil.isKeepAlive(response);
        ForwardedHeaders.removeHopByHop(response.headers());
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (mayHaveBody(response) && !HttpUtil.isContentLengthSet(response)
                && !HttpUtil.isTransferEncodingChunked(response)) {
            // The instance ends this body by closing; re-frame it as chunked so the client connection survives.
            if (clientVersion.equals(HttpVersion.HTTP_1_1)) {
                HttpUtil.setTransferEncodingChunked(response, true);
            } else {
                closeClientAfterResponse = true;
            }
        }
        if (context.draining().get()) {
            // This router is going away: the client's next request goes to a new connection, i.e. the new router.
            closeClientAfterResponse = true;
        }
        boolean keepClient = clientKeepAlive && !closeClientAfterResponse;
        if (keepClient && clientVersion.equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        } else if (!keepClient) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        writeToClient(response);
    }

    private boolean mayHaveBody(HttpResponse response) {
        int code = response.status().code();
        return !HttpMethod.HEAD.equals(request.method()) && code != 204 && code != 304;
    }

    private void writeToClient(HttpObject msg) {
        client.writeAndFlush(msg).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        if (!client.isWritable() && backendChannel != null) {
            backendChannel.config().setAutoRead(false);
        }
    }

    private void onResponseComplete() {
        releaseBackend(backendKeepAlive && requestSent);
        frontend.exchangeDone(this, !clientKeepAlive || closeClientAfterResponse);
    }

    /** The backend connection closed while this exchange was using it. */
    void onBackendClosed() {
        backendChannel = null;
        backendHandler = null;
        if (finished) {
            return;
        }
        if (!responseStarted) {
            failLocally(HttpResponseStatus.BAD_GATEWAY, "instance closed the connection before answering");
        } else {
            // Part of the response is already with the client; the only honest signal left is closing.
            finish(StatusClass.ROUTER_ERROR);
            frontend.exchangeDone(this, true);
        }
    }

    private void onResponseTimeout() {
        if (!finished && !responseStarted) {
            failLocally(HttpResponseStatus.GATEWAY_TIMEOUT, "instance did not answer in time");
        }
    }

    /** The client connection closed (or failed) before the exchange completed. */
    void onClientClosed() {
        if (finished) {
            return;
        }
        releaseBackend(false);
        // A client that went away is not a failure of the instance or the router: not counted.
        finish(null);
    }

    void onBackendWritabilityChanged() {
        updateClientReading();
    }

    void onClientWritabilityChanged() {
        if (backendChannel != null) {
            backendChannel.config().setAutoRead(client.isWritable());
        }
    }

    private void updateClientReading() {
        boolean read = !finished && !requestReceived && backendChannel != null && backendChannel.isWritable();
        client.config().setAutoRead(read);
    }

    private void failLocally(HttpResponseStatus failure, String error) {
        releaseBackend(false);
        finish(StatusClass.ROUTER_ERROR);
        client.writeAndFlush(LocalResponses.error(failure, error, loop, clientKeepAlive))
                .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        frontend.exchangeDone(this, !clientKeepAlive);
    }

    /**
     * A body without a declared length (chunked) passed the limit mid-stream. The instance has part of the request,
     * so its connection is closed (it sees a broken request, never a truncated one passed as whole); the client gets
     * 413 if no response has started, and its connection ends either way, since the rest of its body is unwanted.
     * Not counted in the metrics: the client's request is at fault, not the instance or the router.
     */
    private void onBodyTooLarge() {
        releaseBackend(false);
        finish(null);
        // With part of a response already out, closing is the only signal left.
        frontend.exchangeRefusedBody(this, responseStarted ? null : LocalResponses.error(
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body larger than " + maxRequestBodyBytes + " bytes", loop, false));
    }

    private void releaseBackend(boolean reusable) {
        Channel ch = backendChannel;
        if (ch == null) {
            return;
        }
        backendHandler.detach();
        backendChannel = null;
        backendHandler = null;
        ch.config().setAutoRead(true);
        context.pool().release(ch, backend, reusable);
    }

    private void finish(StatusClass outcome) {
        if (finished) {
            return;
        }
        finished = true;
        cancelResponseTimeout();
        endInFlight();
        context.metrics().stopped(loop);
        if (outcome != null) {
            context.metrics().finished(loop, backend.version(), backend.slot(), outcome, System.nanoTime() - startNanos);
        }
        HttpContent part;
        while ((part = pending.poll()) != null) {
            part.release();
        }
    }

    private void endInFlight() {
        if (countedInFlight != null) {
            context.inFlight().end(countedInFlight.instanceId());
            countedInFlight = null;
        }
    }

    private void cancelResponseTimeout() {
        if (responseTimeout != null) {
            responseTimeout.cancel(false);
            responseTimeout = null;
        }
    }
}
