package io.openclaw.deploy.agent.api;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.openclaw.deploy.agent.release.ArtifactUpload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;

/**
 * {@code PUT /v1/artifacts/{sha256}}: each chunk of the body is written to the {@link ArtifactUpload} on the blocking
 * executor, and the next chunk is read from the socket only once that write has finished. Memory use is therefore one
 * chunk per upload whatever the artifact's size, and a slow disk slows the client down instead of filling the heap.
 * The upload is committed after the last chunk, and aborted on any failure or when the client goes away.
 */
final class UploadExchange extends Exchange {
    private final ApiContext api;
    private final String sha256;
    /** Serialises every call to the upload, which is not thread-safe (a write may still run when the client leaves). */
    private final Object lock = new Object();
    private ArtifactUpload upload;
    private boolean finished;

    UploadExchange(ControlHandler handler, HttpRequest request, String path, ApiContext api, String sha256) {
        super(handler, request, path);
        this.api = api;
        this.sha256 = sha256;
    }

    @Override
    void start(ChannelHandlerContext ctx) {
        long declared = HttpUtil.getContentLength(request, -1L);
        CompletableFuture.supplyAsync(() -> api.operations().beginUpload(sha256, declared), api.blocking())
                .whenComplete((begun, failure) -> ctx.executor().execute(() -> {
                    if (!ctx.channel().isActive()) {
                        abort(begun);
                        return;
                    }
                    if (failure != null) {
                        finished = true;
                        respond(ctx, handler.failureReply(failure, path), true);
                        return;
                    }
                    upload = begun;
                    if (HttpUtil.is100ContinueExpected(request)) {
                        ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                    }
                    handler.read(ctx);
                }));
    }

    @Override
    void onContent(ChannelHandlerContext ctx, HttpContent content) {
        if (finished || upload == null) {
            discard(ctx, content);
            return;
        }
        boolean last = content instanceof LastHttpContent;
        ByteBuf bytes = content.content();
        CompletableFuture.runAsync(
                        () -> {
                            try {
                                synchronized (lock) {
                                    if (bytes.isReadable()) {
                                        upload.write(bytes.nioBuffer());
                                    }
                                    if (last) {
                                        upload.commit();
                                    }
                                }
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            } finally {
                                content.release();
                            }
                        },
                        api.blocking())
                .whenComplete((ok, failure) -> ctx.executor().execute(() -> afterWrite(ctx, last, failure)));
    }

    private void afterWrite(ChannelHandlerContext ctx, boolean last, Throwable failure) {
        if (finished) {
            return;
        }
        if (failure != null) {
            finished = true;
            requestComplete = last;
            abort(upload);
            Reply refusal = handler.failureReply(failure, path);
            if (last) {
                respond(ctx, refusal, false);
            } else {
                respondThenDrain(ctx, refusal, HttpUtil.getContentLength(request, -1L) >= 0);
            }
            return;
        }
        if (last) {
            finished = true;
            requestComplete = true;
            abort(upload); // after commit(), close() only releases what the upload holds
            respond(ctx, Reply.empty(HttpResponseStatus.CREATED)
                    .withHeader(HttpHeaderNames.LOCATION.toString(), "/v1/artifacts/" + sha256), false);
            return;
        }
        handler.read(ctx);
    }

    @Override
    void onClosed() {
        if (!finished) {
            finished = true;
            abort(upload);
        }
    }

    private void abort(ArtifactUpload target) {
        if (target == null) {
            return;
        }
        api.blocking().execute(() -> {
            synchronized (lock) {
                try {
                    target.close();
                } catch (RuntimeException e) {
                    ControlHandler.LOG.warn("closing an artifact upload failed: {}", e.toString());
                }
            }
        });
    }
}
