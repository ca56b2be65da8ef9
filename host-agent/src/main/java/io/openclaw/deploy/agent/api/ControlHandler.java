package io.openclaw.deploy.agent.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.ArtifactDigest;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.DeploymentList;
import io.openclaw.deploy.protocol.MediaTypes;
import io.openclaw.deploy.protocol.ProblemTypes;
import io.openclaw.deploy.protocol.RollbackRequest;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of the control API: authenticates each request, routes it to an {@link Exchange}, and turns every
 * failure into an RFC 9457 problem. Runs on the connection's event loop; the agent is only called on the blocking
 * executor.
 */
final class ControlHandler extends ChannelInboundHandlerAdapter {
    static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    /** The identity behind the single admin token. */
    static final String ADMIN = "admin";
    private static final int MAX_IDEMPOTENCY_KEY = 200;
    private static final PrometheusTextFormatWriter METRICS_WRITER = PrometheusTextFormatWriter.create();

    private final ApiContext api;
    private Exchange exchange;
    /** A read was asked for and no message has come since. */
    private boolean wantRead;

    ControlHandler(ApiContext api) {
        this.api = api;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        read(ctx);
        super.channelActive(ctx);
    }

    /**
     * Asks for the next message. Every read of this handler goes through here: a read can be used up by a socket read
     * that yields no whole message (TLS records, a partial HTTP head), and {@link #channelReadComplete} then asks again.
     */
    void read(ChannelHandlerContext ctx) {
        wantRead = true;
        ctx.read();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (wantRead) {
            ctx.read();
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        wantRead = false;
        if (msg instanceof HttpRequest request) {
            if (exchange != null) {
                // A second request while one is still answered (pipelining during an event stream): not supported.
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            exchange = open(ctx, request);
            exchange.start(ctx);
        }
        if (msg instanceof HttpContent content) {
            if (exchange == null) {
                content.release();
                read(ctx);
            } else {
                exchange.onContent(ctx, content);
            }
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
            read(ctx);
        }
    }

    /** The exchange has answered and the request was read to its end: ready for the next request. */
    void exchangeDone(ChannelHandlerContext ctx, Exchange done) {
        if (exchange == done) {
            exchange = null;
            read(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (exchange != null) {
            exchange.onClosed();
            exchange = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // TLS failures of clients with a wrong pin, resets... The client sees the closed connection.
        LOG.debug("control connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private Exchange open(ChannelHandlerContext ctx, HttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        if (request.decoderResult().isFailure()) {
            return reject(ctx, request, path, Problems.reply(ProblemTypes.BAD_REQUEST, 400, "malformed HTTP request", null));
        }
        Route.Match match;
        try {
            match = Route.match(path);
        } catch (IllegalArgumentException badEncoding) {
            match = null;
        }
        if (match != null && match.route() == Route.HEALTH) {
            if (!match.route().allows(request.method())) {
                return reject(ctx, request, path, methodNotAllowed(match.route(), request, path));
            }
            return buffered(ctx, request, path, body -> Reply.text(HttpResponseStatus.OK, "text/plain; charset=utf-8", "ok\n"));
        }
        if (!authorized(request)) {
            boolean presented = request.headers().contains(HttpHeaderNames.AUTHORIZATION);
            Reply reply = Problems.reply(
                            ProblemTypes.UNAUTHORIZED,
                            401,
                            presented ? "the bearer token is not valid" : "this endpoint needs 'Authorization: Bearer <token>'",
                            path)
                    .withHeader(
                            HttpHeaderNames.WWW_AUTHENTICATE.toString(),
                            presented ? "Bearer realm=\"openclaw-agent\", error=\"invalid_token\"" : "Bearer realm=\"openclaw-agent\"");
            return reject(ctx, request, path, reply);
        }
        if (match == null) {
            return reject(ctx, request, path, Problems.reply(ProblemTypes.NOT_FOUND, 404, "no endpoint " + path, path));
        }
        if (!match.route().allows(request.method())) {
            return reject(ctx, request, path, methodNotAllowed(match.route(), request, path));
        }
        return route(ctx, request, path, uri, match);
    }

    private Exchange route(
            ChannelHandlerContext ctx, HttpRequest request, String path, QueryStringDecoder uri, Route.Match match) {
        AgentOperations ops = api.operations();
        HttpMethod method = request.method();
        switch (match.route()) {
            case METRICS:
                return buffered(ctx, request, path, body -> metrics());
            case STATUS:
                return buffered(ctx, request, path, body -> Reply.json(HttpResponseStatus.OK, withFingerprint(ops.status())));
            case ARTIFACT: {
                String sha256 = match.param(0);
                if (!ArtifactDigest.isCanonical(sha256)) {
                    return reject(ctx, request, path, Problems.reply(
                            ProblemTypes.VALIDATION, 400, "the artifact digest must be 64 lower-case hex digits (SHA-256)", path));
                }
                if (method.equals(HttpMethod.HEAD)) {
                    return buffered(ctx, request, path, body -> Reply.empty(
                            ops.hasArtifact(sha256) ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND));
                }
                return new UploadExchange(this, request, path, api, sha256);
            }
            case DEPLOYMENTS:
                if (method.equals(HttpMethod.GET)) {
                    return buffered(ctx, request, path, body -> Reply.json(HttpResponseStatus.OK, new DeploymentList(ops.deployments())));
                }
                String key = request.headers().get(MediaTypes.IDEMPOTENCY_KEY);
                return buffered(ctx, request, path, body -> {
                    DeployRequest deploy = validated(StrictJson.read(body, DeployRequest.class));
                    return Reply.json(HttpResponseStatus.ACCEPTED, ops.deploy(deploy, validatedKey(key), ADMIN));
                });
            case DEPLOYMENT: {
                String id = match.param(0);
                return buffered(ctx, request, path, body -> Reply.json(
                        HttpResponseStatus.OK, ops.deployment(id).orElseThrow(() -> unknownDeployment(id))));
            }
            case EVENTS: {
                long after;
                try {
                    after = after(uri);
                } catch (OperationException e) {
                    return reject(ctx, request, path, Problems.of(e, path));
                }
                return new EventStreamExchange(this, request, path, api, match.param(0), after);
            }
            case DEPLOYMENT_ACTION:
                return reject(ctx, request, path, Problems.reply(
                        ProblemTypes.NOT_SUPPORTED,
                        404,
                        "'" + match.param(1) + "' is not supported by this agent yet (blue-green deployments cannot be paused, promoted or aborted)",
                        path));
            case ROLLBACK:
                return buffered(ctx, request, path, body -> {
                    RollbackRequest rollback =
                            body.length == 0 ? new RollbackRequest(null, null) : StrictJson.read(body, RollbackRequest.class);
                    return Reply.json(HttpResponseStatus.ACCEPTED, ops.rollback(rollback, ADMIN));
                });
            case FLAGS, FLAG, FLAG_REVISIONS, FLAG_ROLLBACK, FLAG_EVALUATE:
                return flags(ctx, request, path, match);
            default:
                return reject(ctx, request, path, Problems.reply(ProblemTypes.NOT_FOUND, 404, "no endpoint " + path, path));
        }
    }

    private Exchange flags(ChannelHandlerContext ctx, HttpRequest request, String path, Route.Match match) {
        if (api.flags() == null) {
            return reject(ctx, request, path, Problems.reply(
                    ProblemTypes.NOT_SUPPORTED, 404, "this agent serves no feature flags", path));
        }
        FlagRoutes flags = new FlagRoutes(api.flags(), ADMIN);
        HttpMethod method = request.method();
        return buffered(ctx, request, path, body -> switch (match.route()) {
            case FLAGS -> flags.list();
            case FLAG -> flags.flag(method, match.param(0), body);
            case FLAG_REVISIONS -> flags.revisions(match.param(0));
            case FLAG_ROLLBACK -> flags.rollback(match.param(0), body);
            default -> flags.evaluate(match.param(0), body);
        });
    }

    private Exchange buffered(ChannelHandlerContext ctx, HttpRequest request, String path, BufferedExchange.Action action) {
        return new BufferedExchange(this, request, path, api, action);
    }

    private Exchange reject(ChannelHandlerContext ctx, HttpRequest request, String path, Reply reply) {
        return new RejectedExchange(this, request, path, reply);
    }

    private static Reply methodNotAllowed(Route route, HttpRequest request, String path) {
        return Problems.reply(
                        ProblemTypes.METHOD_NOT_ALLOWED,
                        405,
                        request.method() + " is not allowed on " + path + " (allowed: " + route.allowHeader() + ")",
                        path)
                .withHeader(HttpHeaderNames.ALLOW.toString(), route.allowHeader());
    }

    private boolean authorized(HttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || header.length() < 7 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return false;
        }
        return api.token().matches(header.substring(7).strip());
    }

    private AgentStatus withFingerprint(AgentStatus status) {
        if (status.fingerprint() != null) {
            return status;
        }
        return new AgentStatus(
                status.release(),
                status.activeSlot(),
                api.fingerprint(),
                status.loops(),
                status.deployment(),
                status.agentVersion(),
                status.releases());
    }

    private Reply metrics() throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        METRICS_WRITER.write(out, api.operations().metrics().scrape());
        return new Reply(HttpResponseStatus.OK, METRICS_WRITER.getContentType(), out.toByteArray(), null);
    }

    private static DeployRequest validated(DeployRequest request) {
        String sha = request.artifactSha256();
        if (sha == null || sha.isBlank()) {
            throw new OperationException(ProblemTypes.VALIDATION, 400, "field 'artifactSha256' is required");
        }
        String canonical = sha.strip().toLowerCase(Locale.ROOT);
        if (!ArtifactDigest.isCanonical(canonical)) {
            throw new OperationException(
                    ProblemTypes.VALIDATION, 400, "field 'artifactSha256' must be a SHA-256 (64 hex digits)");
        }
        if (request.loops().stream().anyMatch(l -> l == null || l.isBlank())) {
            throw new OperationException(ProblemTypes.VALIDATION, 400, "field 'loops' holds an empty loop name");
        }
        if (canonical.equals(sha)) {
            return request;
        }
        return new DeployRequest(canonical, request.version(), request.strategy(), request.loops(), request.options());
    }

    private static String validatedKey(String key) {
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new OperationException(
                    ProblemTypes.VALIDATION,
                    400,
                    "header 'Idempotency-Key' must be 1 to " + MAX_IDEMPOTENCY_KEY + " visible ASCII characters");
        }
        return key;
    }

    private static long after(QueryStringDecoder uri) {
        List<String> values = uri.parameters().get("after");
        if (values == null || values.isEmpty()) {
            return 0;
        }
        try {
            long after = Long.parseLong(values.get(0));
            if (after >= 0) {
                return after;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new OperationException(ProblemTypes.VALIDATION, 400, "query parameter 'after' must be a sequence number >= 0");
    }

    private static OperationException unknownDeployment(String id) {
        return new OperationException(ProblemTypes.NOT_FOUND, 404, "no deployment '" + id + "'", id, null);
    }

    /** Runs an action, letting exceptions through to {@link #failureReply}. */
    Reply run(BufferedExchange.Action action, byte[] body, String path) {
        try {
            return action.run(body);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /** The problem answer for a failure: the agent's refusals as they are, anything else as a bare 500. */
    Reply failureReply(Throwable failure, String path) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException
                        || cause instanceof java.io.UncheckedIOException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof OperationException refusal) {
            return Problems.of(refusal, path);
        }
        LOG.error("control API request {} failed", path, cause);
        return Problems.internal(path);
    }
}
