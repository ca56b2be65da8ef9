package io.openclaw.deploy.agent.api;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.protocol.AbortRequest;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.ArtifactDigest;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.DeploymentList;
import io.openclaw.deploy.protocol.MediaTypes;
import io.openclaw.deploy.protocol.ProblemTypes;
import io.openclaw.deploy.protocol.RollbackRequest;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * What each endpoint does with an authenticated request: validates its parameters and body, and turns it into the
 * {@link Exchange} that calls the agent. {@code requestedBy} is always {@link #ADMIN}, the identity of the single token.
 */
final class Endpoints {
    /** The identity behind the single admin token. */
    static final String ADMIN = "admin";
    private static final int MAX_IDEMPOTENCY_KEY = 200;
    private static final PrometheusTextFormatWriter METRICS_WRITER = PrometheusTextFormatWriter.create();

    private final ControlHandler handler;
    private final ApiContext api;

    Endpoints(ControlHandler handler, ApiContext api) {
        this.handler = handler;
        this.api = api;
    }

    Exchange route(HttpRequest request, String path, QueryStringDecoder uri, Route.Match match) {
        AgentOperations ops = api.operations();
        HttpMethod method = request.method();
        switch (match.route()) {
            case METRICS:
                return buffered(request, path, body -> metrics());
            case STATUS:
                return buffered(request, path, body -> Reply.json(HttpResponseStatus.OK, withFingerprint(ops.status())));
            case ARTIFACT: {
                String sha256 = match.param(0);
                if (!ArtifactDigest.isCanonical(sha256)) {
                    return reject(request, path, Problems.reply(
                            ProblemTypes.VALIDATION, 400, "the artifact digest must be 64 lower-case hex digits (SHA-256)", path));
                }
                if (method.equals(HttpMethod.HEAD)) {
                    return buffered(request, path, body -> Reply.empty(
                            ops.hasArtifact(sha256) ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND));
                }
                return new UploadExchange(handler, request, path, api, sha256);
            }
            case DEPLOYMENTS:
                if (method.equals(HttpMethod.GET)) {
                    return buffered(request, path, body -> Reply.json(HttpResponseStatus.OK, new DeploymentList(ops.deployments())));
                }
                String key = request.headers().get(MediaTypes.IDEMPOTENCY_KEY);
                return buffered(request, path, body -> {
                    DeployRequest deploy = validated(StrictJson.read(body, DeployRequest.class));
                    return Reply.json(HttpResponseStatus.ACCEPTED, ops.deploy(deploy, validatedKey(key), ADMIN));
                });
            case DEPLOYMENT: {
                String id = match.param(0);
                return buffered(request, path, body -> Reply.json(
                        HttpResponseStatus.OK, ops.deployment(id).orElseThrow(() -> unknownDeployment(id))));
            }
            case EVENTS: {
                long after;
                try {
                    after = after(uri);
                } catch (OperationException e) {
                    return reject(request, path, Problems.of(e, path));
                }
                return new EventStreamExchange(handler, request, path, api, match.param(0), after);
            }
            case DEPLOYMENT_ACTION:
                return buffered(request, path, body -> {
                    // Only abort carries a body ({"reason": ...}); the others are bare POSTs.
                    String reason = body.length == 0 ? null : StrictJson.read(body, AbortRequest.class).reason();
                    return Reply.json(HttpResponseStatus.OK,
                            ops.controlDeployment(match.param(0), match.param(1), ADMIN, reason));
                });
            case ROLLBACK:
                return buffered(request, path, body -> {
                    RollbackRequest rollback =
                            body.length == 0 ? new RollbackRequest(null, null) : StrictJson.read(body, RollbackRequest.class);
                    return Reply.json(HttpResponseStatus.ACCEPTED, ops.rollback(rollback, ADMIN));
                });
            case VERIFICATION:
                // Always 200 with the report: a failed verification is a finding, not a failed request.
                return buffered(request, path, body -> Reply.json(HttpResponseStatus.OK, ops.verify()));
            case FLAGS, FLAG, FLAG_REVISIONS, FLAG_ROLLBACK, FLAG_EVALUATE:
                return flags(request, path, match);
            default:
                return reject(request, path, Problems.reply(ProblemTypes.NOT_FOUND, 404, "no endpoint " + path, path));
        }
    }

    private Exchange flags(HttpRequest request, String path, Route.Match match) {
        if (api.flags() == null) {
            return reject(request, path, Problems.reply(
                    ProblemTypes.NOT_SUPPORTED, 404, "this agent serves no feature flags", path));
        }
        FlagRoutes flags = new FlagRoutes(api.flags(), ADMIN);
        HttpMethod method = request.method();
        return buffered(request, path, body -> switch (match.route()) {
            case FLAGS -> flags.list();
            case FLAG -> flags.flag(method, match.param(0), body);
            case FLAG_REVISIONS -> flags.revisions(match.param(0));
            case FLAG_ROLLBACK -> flags.rollback(match.param(0), body);
            default -> flags.evaluate(match.param(0), body);
        });
    }

    private Exchange buffered(HttpRequest request, String path, BufferedExchange.Action action) {
        return new BufferedExchange(handler, request, path, api, action);
    }

    private Exchange reject(HttpRequest request, String path, Reply reply) {
        return new RejectedExchange(handler, request, path, reply);
    }

    static Reply methodNotAllowed(Route route, HttpRequest request, String path) {
        return Problems.reply(
                        ProblemTypes.METHOD_NOT_ALLOWED,
                        405,
                        request.method() + " is not allowed on " + path + " (allowed: " + route.allowHeader() + ")",
                        path)
                .withHeader(HttpHeaderNames.ALLOW.toString(), route.allowHeader());
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
                status.releases(),
                status.availability());
    }

    private Reply metrics() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        METRICS_WRITER.write(out, api.operations().metrics().scrape());
        out.writeBytes(api.operations().otherProcessMetrics().getBytes(StandardCharsets.UTF_8));
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
}
