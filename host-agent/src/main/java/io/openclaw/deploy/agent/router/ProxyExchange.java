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
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request proxied to one backend (after connect retries), streamed both ways. Everything runs on the
 * client connection's event loop, and the backend connection lives on the same loop, so no state here is shared
 * between threads; every entry point asserts it (tests run with {@code -ea}).
 *
 * <p>State: where the response stands ({@link Phase}) and how far the request has come ({@link RequestProgress}).
 * The backend connection is set while the phase is {@link Phase#isConnected connected}, and until the exchange gives it
 * back on leaving it.
 *
 * <p>Back-pressure: the client connection is read only while the backend connection is writable, and the backend
 * connection only while the client connection is writable; at most one socket read is ever buffered.
 *
 * <p>Writes to the client are flushed once per read of the backend connection (and at the end of the response), not
 * once per HTTP object: a small response arrives as a head and a last content in one read and leaves in one write.
 */
final class ProxyExchange {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyExchange.class);

    /** Where the response side of the exchange stands. */
    enum Phase {
        /** Waiting for a backend connection (first attempt or a retry); request parts wait in {@code pending}. */
        CONNECTING,
        /** Connected: the request goes (or went) to the instance, whose response head has not arrived. */
        AWAITING_RESPONSE,
        /** An interim 1xx of the instance is being discarded: the router answers Expect: 100-continue itself. */
        SKIPPING_INFORMATIONAL,
        /** The response head went to the client; its body streams. */
        RESPONDING,
        /** Over (answered, failed, refused or abandoned by the client): whatever still arrives is released. */
        DONE;

        boolean isConnected() {
            return this == AWAITING_RESPONSE || this == SKIPPING_INFORMATIONAL || this == RESPONDING;
        }

        boolean canMoveTo(Phase next) {
            return switch (this) {
                case CONNECTING -> next == AWAITING_RESPONSE || next == DONE;
                case AWAITING_RESPONSE -> next == SKIPPING_INFORMATIONAL || next == RESPONDING || next == DONE;
                case SKIPPING_INFORMATIONAL -> next == AWAITING_RESPONSE || next == DONE;
                case RESPONDING -> next == DONE;
                case DONE -> false;
            };
        }
    }

    /** How far the request has come from the client to the instance. */
    enum RequestProgress {
        /** Parts of the request are still to come from the client. */
        READING,
        /** All of it came from the client; some still waits for a backend connection. */
        READ,
        /** All of it was written to the instance. */
        SENT
    }

    private final ProxyContext context;
    private final FrontendHandler frontend;
    private final Channel client;
    private final HttpRequest request;
    private final String loop;
    private final HttpVersion clientVersion;
    private final boolean clientKeepAlive;
    private final long startNanos = System.nanoTime();
    /** Request parts that arrived before a backend connection was ready; nothing is written until then. */
    private final ArrayDeque<HttpContent> pending = new ArrayDeque<>(2);
    /** Largest request body forwarded; counted here because a chunked body announces no length. */
    private final long maxRequestBodyBytes;
    private long requestBodyBytes;

    private Phase phase = Phase.CONNECTING;
    private RequestProgress requestProgress = RequestProgress.READING;
    /** The instance of the current attempt; counted in flight until the attempt fails or the exchange is done. */
    private Backend backend;
    /** The version the request was first sent to; a retry keeps it (see RoutingSnapshot#pick). */
    private String assignedVersion;
    /** Instances whose connection failed; made on the first failure, since almost every request connects at once. */
    private Set<String> failed;
    /** Set while {@link Phase#isConnected} (see the class comment). */
    private Channel backendChannel;
    /** From the response head: whether the instance keeps its connection open after this response. */
    private boolean backendKeepAlive;
    /** From the response head: the client's connection ends with this response (unframed body, draining). */
    private boolean closeClientAfterResponse;
    private int status;

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
        assertOnEventLoop();
        context.metrics().started(loop);
        assignedVersion = first.version();
        attempt(first);
    }

    /** Whether the client has sent the whole request (the next thing it sends belongs to its next request). */
    boolean requestReceived() {
        return requestProgress != RequestProgress.READING;
    }

    Phase phase() {
        return phase;
    }

    private void attempt(Backend target) {
        backend = target;
        context.inFlight().begin(target.instanceId());
        Future<Channel> connection = context.pool().acquire(client.eventLoop(), target);
        if (connection.isDone()) {
            // A pooled connection (almost every request): no listener to allocate and run.
            onAcquired(connection, target);
        } else {
            connection.addListener(f -> onAcquired(connection, target));
        }
    }

    private void onAcquired(Future<Channel> connection, Backend target) {
        if (connection.isSuccess()) {
            onConnected(connection.getNow(), target);
        } else {
            onConnectFailed(target, connection.cause());
        }
    }

    private void onConnectFailed(Backend target, Throwable cause) {
        assertOnEventLoop();
        if (phase == Phase.DONE) {
            return;
        }
        LOG.debug("connect to {} ({}) failed: {}", target.instanceId(), BackendAddress.of(target), cause.toString());
        if (failed == null) {
            failed = new HashSet<>();
        }
        failed.add(target.instanceId());
        // No byte of the request has been written, so another instance can take it: one of the same version, so that
        // a segment, sticky user or flag choice holds across the retry.
        Optional<Backend> next = failed.size() <= context.settings().maxConnectRetries()
                ? context.snapshots().get().pick(loop, failed, request.headers(), assignedVersion)
                : Optional.empty();
        if (next.isPresent()) {
            context.inFlight().end(target.instanceId());
            attempt(next.get());
        } else {
            failLocally(HttpResponseStatus.BAD_GATEWAY, "no instance of the loop accepted a connection");
        }
    }

    private void onConnected(Channel ch, Backend target) {
        assertOnEventLoop();
        if (phase == Phase.DONE) {
            context.pool().release(ch, target, true);
            return;
        }
        moveTo(Phase.AWAITING_RESPONSE);
        backendChannel = ch;
        BackendHandler.of(ch).attach(this);
        ch.config().setAutoRead(client.isWritable());
        request.headers().set(HttpHeaderNames.HOST, target.host() + ":" + target.port());
        ch.write(request, ch.voidPromise());
        HttpContent part;
        while ((part = pending.poll()) != null) {
            writeToBackend(part);
        }
        ch.flush();
        updateClientReading();
    }

    /** A part of the request body from the client (the last one ends the request). */
    void onRequestContent(HttpContent content) {
        assertOnEventLoop();
        if (phase == Phase.DONE) {
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
            requestProgress = RequestProgress.READ;
        }
        if (backendChannel == null) {
            pending.add(content);
            // At most one socket read waits for the connection.
            client.config().setAutoRead(false);
            return;
        }
        writeToBackend(content);
        backendChannel.flush();
        updateClientReading();
    }

    private void writeToBackend(HttpContent content) {
        backendChannel.write(content, backendChannel.voidPromise());
        if (content instanceof LastHttpContent) {
            requestProgress = RequestProgress.SENT;
            // The response timeout runs from the end of the request, so a long upload is not cut short.
            if (phase == Phase.AWAITING_RESPONSE) {
                frontend.deadlines().awaitResponse(context.settings().responseTimeout(), this::onResponseTimeout);
            }
        }
    }

    void onBackendMessage(Object msg) {
        assertOnEventLoop();
        if (phase == Phase.DONE) {
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
                moveTo(Phase.SKIPPING_INFORMATIONAL);
            } else {
                onResponseHead(response);
            }
        }
        if (msg instanceof HttpContent content) {
            if (phase == Phase.SKIPPING_INFORMATIONAL) {
                content.release();
                if (content instanceof LastHttpContent) {
                    moveTo(Phase.AWAITING_RESPONSE);
                }
                return;
            }
            if (content instanceof LastHttpContent) {
                // Counted before the client can see the end, so a client that got its answer also sees it counted.
                finish(StatusClass.ofBackendStatus(status));
                writeToClient(content);
                client.flush();
                releaseBackend(backendKeepAlive && requestProgress == RequestProgress.SENT);
                frontend.exchangeDone(this, !clientKeepAlive || closeClientAfterResponse);
            } else {
                writeToClient(content);
            }
        }
    }

    /** The backend connection's read is over: what it gave the client leaves in one write. */
    void onBackendReadComplete() {
        assertOnEventLoop();
        if (phase == Phase.RESPONDING) {
            client.flush();
        }
    }

    private void onResponseHead(HttpResponse response) {
        moveTo(Phase.RESPONDING);
        frontend.deadlines().responseStarted();
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

    /** Not flushed here: see {@link #onBackendReadComplete}. A failed write closes the client (FrontendHandler). */
    private void writeToClient(HttpObject msg) {
        client.write(msg, client.voidPromise());
        if (!client.isWritable() && backendChannel != null) {
            backendChannel.config().setAutoRead(false);
        }
    }

    /** The backend connection closed while this exchange was using it. */
    void onBackendClosed() {
        assertOnEventLoop();
        backendChannel = null;
        if (phase == Phase.DONE) {
            return;
        }
        if (phase != Phase.RESPONDING) {
            failLocally(HttpResponseStatus.BAD_GATEWAY, "instance closed the connection before answering");
        } else {
            // Part of the response is already with the client; the only honest signal left is closing.
            finish(StatusClass.ROUTER_ERROR);
            client.flush();
            frontend.exchangeDone(this, true);
        }
    }

    private void onResponseTimeout() {
        assertOnEventLoop();
        if (phase == Phase.AWAITING_RESPONSE || phase == Phase.SKIPPING_INFORMATIONAL) {
            failLocally(HttpResponseStatus.GATEWAY_TIMEOUT, "instance did not answer in time");
        }
    }

    /** The client connection closed (or failed) before the exchange completed. */
    void onClientClosed() {
        assertOnEventLoop();
        if (phase == Phase.DONE) {
            return;
        }
        releaseBackend(false);
        // A client that went away is not a failure of the instance or the router: not counted.
        finish(null);
    }

    void onBackendWritabilityChanged() {
        assertOnEventLoop();
        updateClientReading();
    }

    void onClientWritabilityChanged() {
        assertOnEventLoop();
        if (backendChannel != null) {
            backendChannel.config().setAutoRead(client.isWritable());
        }
    }

    /**
     * While the request streams, the client is read only as fast as the instance takes it. Once it is all read, the
     * connection's reading is the {@link FrontendHandler}'s business: it stops at the first pipelined byte, so a
     * keep-alive client costs no pause and resume of reading per request.
     */
    private void updateClientReading() {
        if (phase != Phase.DONE && requestProgress == RequestProgress.READING) {
            client.config().setAutoRead(backendChannel != null && backendChannel.isWritable());
        }
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
        boolean responseStarted = phase == Phase.RESPONDING;
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
        BackendHandler.of(ch).detach();
        backendChannel = null;
        ch.config().setAutoRead(true);
        context.pool().release(ch, backend, reusable);
    }

    /** Enters {@link Phase#DONE}: counts the outcome (null: not counted) and ends the in-flight count. */
    private void finish(StatusClass outcome) {
        if (phase == Phase.DONE) {
            return;
        }
        moveTo(Phase.DONE);
        context.inFlight().end(backend.instanceId());
        context.metrics().stopped(loop);
        if (outcome != null) {
            context.metrics().finished(loop, backend.version(), backend.slot(), outcome, System.nanoTime() - startNanos);
        }
        HttpContent part;
        while ((part = pending.poll()) != null) {
            part.release();
        }
    }

    private void moveTo(Phase next) {
        assert phase.canMoveTo(next) : "exchange cannot move from " + phase + " to " + next;
        phase = next;
    }

    private void assertOnEventLoop() {
        assert client.eventLoop().inEventLoop() : "exchange used outside its client connection's event loop";
    }
}
