package io.openclaw.deploy.protocol;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.stream.ChunkedStream;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.InputStream;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The HTTP exchanges of an {@link AgentClient} over its {@link ConnectionPool}: one request and its answer per
 * connection at a time, the connection going back to the pool only when the exchange left it clean (answer read to its
 * end, request fully written, no {@code Connection: close}).
 *
 * <p>A reused connection may have been closed by the agent since its last call (idle timeout, restart) without the
 * client having noticed yet. When a call fails that way on a reused connection, it is repeated once on a new connection
 * only if repeating cannot do anything twice: GET and HEAD, a request carrying an idempotency key, a request that
 * provably never left the client (its write failed), and an upload whose body was not sent yet. Anything else fails
 * with {@link AgentUnreachableException} as before.
 */
final class AgentExchanges implements AutoCloseable {
    private static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;
    private static final int UPLOAD_CHUNK = 64 * 1024;
    /** How long to wait for {@code 100 Continue} before sending an upload's body anyway (RFC 9110 10.1.1). */
    private static final long CONTINUE_WAIT_MILLIS = 3000;
    private static final Duration MIN_STREAM_IDLE = Duration.ofSeconds(60);
    private static final String USER_AGENT = "openclaw-deploy-client";
    private static final long WRITE_OUTCOME_WAIT_MILLIS = 1000;

    private final AgentEndpoint endpoint;
    private final ClientTransport transport;
    private final ConnectionPool pool;

    AgentExchanges(AgentEndpoint endpoint) {
        this.endpoint = endpoint;
        this.transport = new ClientTransport(endpoint);
        this.pool = new ConnectionPool(transport::connect);
    }

    /** The failure of an exchange on a reused connection that the agent had closed; see the class comment. */
    private static final class StaleConnection extends Exception {
        private static final long serialVersionUID = 1L;

        final transient AgentClientException failure;
        final boolean neverSent;

        StaleConnection(AgentClientException failure, boolean neverSent) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
            this.neverSent = neverSent;
        }
    }

    /** A complete request with an optional JSON body; the answer whatever its status. */
    HttpAnswer send(HttpMethod method, String path, byte[] body, String idempotencyKey) throws AgentClientException {
        boolean repeatable = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || idempotencyKey != null;
        return withOneRepeat(lease -> send(lease, method, path, body, idempotencyKey), repeatable);
    }

    /** One exchange on one connection. */
    @FunctionalInterface
    private interface Attempt {
        HttpAnswer on(ConnectionPool.Lease lease) throws AgentClientException, StaleConnection;
    }

    /**
     * Runs the exchange on a pooled connection and, if that connection turns out dead, once more on a new one when
     * {@code repeatable} or when the request never left the client.
     */
    private HttpAnswer withOneRepeat(Attempt attempt, boolean repeatable) throws AgentClientException {
        try {
            return attempt.on(pool.acquire());
        } catch (StaleConnection stale) {
            pool.evictIdle();
            if (!repeatable && !stale.neverSent) {
                throw stale.failure;
            }
            try {
                return attempt.on(pool.fresh());
            } catch (StaleConnection impossible) {
                throw impossible.failure; // a new connection is never stale
            }
        }
    }

    private HttpAnswer send(
            ConnectionPool.Lease lease, HttpMethod method, String path, byte[] body, String idempotencyKey)
            throws AgentClientException, StaleConnection {
        Channel channel = lease.channel();
        boolean reusable = false;
        try {
            AnswerHandler handler = new AnswerHandler();
            usable(lease, ClientTransport.install(channel, new HttpObjectAggregator(MAX_ANSWER_BYTES), handler));
            FullHttpRequest request = new DefaultFullHttpRequest(
                    HttpVersion.HTTP_1_1,
                    method,
                    transport.path(path),
                    body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
            headers(request, MediaTypes.JSON + ", " + MediaTypes.PROBLEM_JSON);
            if (body != null) {
                request.headers().set(HttpHeaderNames.CONTENT_TYPE, MediaTypes.JSON);
            }
            request.headers().set(HttpHeaderNames.CONTENT_LENGTH, body == null ? 0 : body.length);
            if (idempotencyKey != null) {
                request.headers().set(MediaTypes.IDEMPOTENCY_KEY, idempotencyKey);
            }
            ChannelFuture written = writeOrClose(channel, request, handler);
            HttpAnswer answer = await(lease, handler.answer, endpoint.requestTimeout(), () -> failedWrite(written));
            reusable = written.isSuccess() && keepAlive(answer);
            return answer;
        } finally {
            release(channel, reusable);
        }
    }

    /**
     * A streamed {@code PUT} with {@code Expect: 100-continue}; {@code content} is read only once the agent accepted
     * the request's head (or did not answer it in time).
     */
    HttpAnswer upload(String path, long size, InputStream content) throws AgentClientException {
        // Not repeatable once the body went out: the content stream was (partly) read and cannot be sent again.
        return withOneRepeat(lease -> upload(lease, path, size, content), false);
    }

    private HttpAnswer upload(ConnectionPool.Lease lease, String path, long size, InputStream content)
            throws AgentClientException, StaleConnection {
        Channel channel = lease.channel();
        boolean reusable = false;
        try {
            AnswerHandler handler = new AnswerHandler();
            usable(lease, ClientTransport.install(
                    channel,
                    new ChunkedWriteHandler(),
                    new IdleStateHandler(0, 0, endpoint.requestTimeout().toMillis(), TimeUnit.MILLISECONDS),
                    new HttpObjectAggregator(MAX_ANSWER_BYTES),
                    handler));
            HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, transport.path(path));
            headers(head, MediaTypes.JSON + ", " + MediaTypes.PROBLEM_JSON);
            head.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, MediaTypes.OCTET_STREAM)
                    .set(HttpHeaderNames.CONTENT_LENGTH, size)
                    .set(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE);
            writeOrClose(channel, head, handler);
            try {
                handler.proceed.get(CONTINUE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException silentAgent) {
                // An agent that does not answer 100-continue still expects the body.
            } catch (ExecutionException failed) {
                // Reported through the answer below.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AgentClientException("interrupted while uploading the artifact", e);
            }
            ChannelFuture bodyWritten = null;
            if (!handler.answer.isDone()) {
                bodyWritten = writeOrClose(
                        channel,
                        new HttpChunkedInput(new ChunkedStream(new ExactLengthInputStream(content, size), UPLOAD_CHUNK)),
                        handler);
            }
            boolean bodyUnsent = bodyWritten == null;
            HttpAnswer answer = await(lease, handler.answer, null, () -> bodyUnsent);
            reusable = bodyWritten != null && bodyWritten.isSuccess() && keepAlive(answer);
            return answer;
        } finally {
            release(channel, reusable);
        }
    }

    /**
     * {@code GET} of an NDJSON event stream: each event to {@code sink} on the calling thread until the agent ends the
     * stream. The connection is closed afterwards (the agent closes it after a stream anyway).
     *
     * @param broken turns a connection failure during the stream into the exception to throw, given the last seq
     * @return the seq of the last event delivered, or {@code afterSeq}
     */
    long follow(String path, long afterSeq, Consumer<DeploymentEvent> sink, StreamBreak broken)
            throws AgentClientException {
        ConnectionPool.Lease lease = pool.acquire();
        while (true) {
            OptionalLong last = follow(lease, path, afterSeq, sink, broken);
            if (last.isPresent()) {
                return last.getAsLong();
            }
            // Nothing was delivered and the reused connection turned out dead: the same GET on a new one.
            pool.evictIdle();
            lease = pool.fresh();
        }
    }

    /** Builds the exception for a stream that broke after event {@code last}. */
    @FunctionalInterface
    interface StreamBreak {
        AgentUnreachableException after(long last, AgentUnreachableException cause);
    }

    /** @return empty when nothing was delivered and the reused connection turned out dead */
    private OptionalLong follow(
            ConnectionPool.Lease lease, String path, long afterSeq, Consumer<DeploymentEvent> sink, StreamBreak broken)
            throws AgentClientException {
        Channel channel = lease.channel();
        long last = afterSeq;
        boolean delivered = false;
        try {
            BlockingQueue<Object> items = new LinkedBlockingQueue<>();
            long idle = Math.max(endpoint.requestTimeout().toMillis(), MIN_STREAM_IDLE.toMillis());
            if (!ClientTransport.install(
                    channel, new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS), new EventStreamHandler(items))) {
                if (lease.reused()) {
                    return OptionalLong.empty();
                }
                throw transport.unreachable(new ClosedChannelException());
            }
            FullHttpRequest request =
                    new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, transport.path(path));
            headers(request, MediaTypes.NDJSON + ", " + MediaTypes.PROBLEM_JSON);
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            channel.writeAndFlush(request);
            while (true) {
                Object item = items.take();
                if (item instanceof DeploymentEvent event) {
                    sink.accept(event);
                    last = event.seq();
                    delivered = true;
                } else if (item == EventStreamHandler.END) {
                    return OptionalLong.of(last);
                } else if (item instanceof HttpAnswer answer) {
                    throw AgentClient.failure(answer);
                } else if (item instanceof AgentClientException e) {
                    throw e;
                } else {
                    Throwable cause = (Throwable) item;
                    if (lease.reused() && !delivered && !(cause instanceof TimeoutException)) {
                        return OptionalLong.empty();
                    }
                    throw broken.after(last, transport.unreachable(cause));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentClientException("interrupted while following the events at " + path, e);
        } finally {
            channel.close();
        }
    }

    private ChannelFuture writeOrClose(Channel channel, Object message, AnswerHandler handler) {
        return channel.writeAndFlush(message).addListener(f -> {
            if (!f.isSuccess()) {
                handler.sendFailed(f.cause());
                channel.close();
            }
        });
    }

    /** Whether the write failed, i.e. the request provably never reached the agent whole. */
    private static boolean failedWrite(ChannelFuture written) {
        // The write's outcome comes from the event loop, possibly just after the answer failed.
        return written.awaitUninterruptibly(WRITE_OUTCOME_WAIT_MILLIS) && !written.isSuccess();
    }

    /** Fails the call at once when its connection closed before its handlers could be installed. */
    private void usable(ConnectionPool.Lease lease, boolean installed) throws AgentClientException, StaleConnection {
        if (!installed) {
            AgentUnreachableException closed = transport.unreachable(new ClosedChannelException());
            if (lease.reused()) {
                throw new StaleConnection(closed, true);
            }
            throw closed;
        }
    }

    private static boolean keepAlive(HttpAnswer answer) {
        String connection = answer.headers().get(HttpHeaderNames.CONNECTION);
        return connection == null || !connection.toLowerCase(Locale.ROOT).contains("close");
    }

    private void release(Channel channel, boolean reusable) {
        pool.release(channel, reusable && ClientTransport.uninstall(channel));
    }

    private void headers(HttpRequest request, String accept) {
        request.headers()
                .set(HttpHeaderNames.HOST, transport.hostHeader())
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + endpoint.token())
                .set(HttpHeaderNames.ACCEPT, accept)
                .set(HttpHeaderNames.USER_AGENT, USER_AGENT);
    }

    /**
     * Waits for the answer. A connection failure on a reused connection becomes a {@link StaleConnection} for the
     * caller to decide on a repetition; {@code neverSent} is asked only then.
     */
    private HttpAnswer await(
            ConnectionPool.Lease lease,
            CompletableFuture<HttpAnswer> answer,
            Duration timeout,
            BooleanSupplier neverSent)
            throws AgentClientException, StaleConnection {
        try {
            return timeout == null ? answer.get() : answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AgentUnreachableException(
                    "the agent at " + endpoint.where() + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ExactLengthInputStream.LengthMismatchException mismatch) {
                throw new AgentClientException(mismatch.getMessage(), mismatch);
            }
            if (cause instanceof TimeoutException) {
                throw new AgentUnreachableException(
                        "the agent at " + endpoint.where() + " stopped answering: " + cause.getMessage(), cause);
            }
            AgentUnreachableException unreachable = transport.unreachable(cause);
            if (lease.reused()) {
                throw new StaleConnection(unreachable, neverSent.getAsBoolean());
            }
            throw unreachable;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentClientException("interrupted while waiting for the agent", e);
        }
    }

    /** Idle connections kept (tests). */
    int idleConnections() {
        return pool.idleCount();
    }

    @Override
    public void close() {
        pool.close();
        transport.close();
    }
}
