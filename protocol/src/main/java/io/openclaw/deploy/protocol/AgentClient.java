package io.openclaw.deploy.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Client of the agent's control API over HTTPS, built on Netty.
 *
 * <p>Trusts exactly one certificate, the one whose SHA-256 fingerprint the {@link AgentEndpoint} pins, and sends the
 * bearer token on every request, only after the TLS handshake has verified the pin. Thread-safe; one instance may
 * serve many calls. Calls reuse keep-alive connections (a few kept idle for up to 30 s, see {@link ConnectionPool});
 * a connection the agent closed meanwhile is replaced transparently only for calls that are safe to repeat (see
 * {@link AgentExchanges}). Failures are typed: {@link
 * AgentUnreachableException}, {@link AgentAuthenticationException}, {@link AgentProblemException}.
 *
 * <p>Timeouts: {@code connectTimeout} bounds the TCP connect and the TLS handshake; {@code requestTimeout} bounds a
 * whole plain call, and is the longest silence tolerated during an upload; an event stream tolerates silence up to
 * {@code max(requestTimeout, 60 s)} (the agent sends a keep-alive every 15 s).
 */
public final class AgentClient implements AutoCloseable {
    private final AgentEndpoint endpoint;
    private final AgentExchanges exchanges;

    /**
     * @throws IllegalArgumentException if the URL is not {@code https} or the fingerprint is not a SHA-256
     */
    public AgentClient(AgentEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.exchanges = new AgentExchanges(endpoint);
    }

    public AgentEndpoint endpoint() {
        return endpoint;
    }

    /** {@code GET /v1/status}. */
    public AgentStatus status() throws AgentClientException {
        return read(expectOk(send(HttpMethod.GET, "/v1/status", null, null)), AgentStatus.class);
    }

    /** {@code HEAD /v1/artifacts/{sha256}}: whether the agent already holds this artifact. */
    public boolean hasArtifact(String sha256) throws AgentClientException {
        HttpAnswer answer = send(HttpMethod.HEAD, "/v1/artifacts/" + segment(sha256), null, null);
        if (answer.status() == 200) {
            return true;
        }
        if (answer.status() == 404) {
            return false;
        }
        throw failure(answer);
    }

    /**
     * {@code PUT /v1/artifacts/{sha256}}, streamed: reads {@code content} to its end without holding it in memory.
     * The agent verifies the digest and refuses a mismatch ({@link ProblemTypes#DIGEST_MISMATCH}). The body is only
     * sent once the agent has accepted the request's headers ({@code Expect: 100-continue}), so a refusal (token,
     * size limit) costs no transfer.
     *
     * @param size exact number of bytes {@code content} will yield; a stream yielding another number fails the call
     */
    public void uploadArtifact(String sha256, long size, InputStream content) throws AgentClientException {
        Objects.requireNonNull(content, "content");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0");
        }
        HttpAnswer answer = exchanges.upload("/v1/artifacts/" + segment(sha256), size, content);
        if (answer.status() != 201 && answer.status() != 200 && answer.status() != 204) {
            throw failure(answer);
        }
    }

    /**
     * {@code POST /v1/deployments}. Repeating the call with the same idempotency key returns the same deployment.
     *
     * @param idempotencyKey may be null
     */
    public Deployment deploy(DeployRequest request, String idempotencyKey) throws AgentClientException {
        return read(expectOk(send(HttpMethod.POST, "/v1/deployments", json(request), idempotencyKey)), Deployment.class);
    }

    /** {@code GET /v1/deployments}, newest first. */
    public List<Deployment> deployments() throws AgentClientException {
        return read(expectOk(send(HttpMethod.GET, "/v1/deployments", null, null)), DeploymentList.class)
                .deployments();
    }

    /** {@code GET /v1/deployments/{id}}. */
    public Deployment deployment(String id) throws AgentClientException {
        return read(expectOk(send(HttpMethod.GET, "/v1/deployments/" + segment(id), null, null)), Deployment.class);
    }

    /**
     * {@code GET /v1/deployments/{id}/events?after=N}: hands each event to {@code sink} as it arrives and returns when
     * the deployment has ended (the agent closes the stream). Resume by passing the last seen {@code seq} as {@code
     * afterSeq}. The sink runs on the calling thread.
     *
     * @return the sequence number of the last event delivered (or {@code afterSeq} if none)
     * @throws AgentUnreachableException also when the stream breaks before the deployment ended: resume from the last
     *     delivered sequence number
     */
    public long followEvents(String id, long afterSeq, Consumer<DeploymentEvent> sink) throws AgentClientException {
        Objects.requireNonNull(sink, "sink");
        return exchanges.follow(
                "/v1/deployments/" + segment(id) + "/events?after=" + afterSeq,
                afterSeq,
                sink,
                (last, broken) -> new AgentUnreachableException(
                        "the event stream of " + id + " broke after event #" + last + ": " + broken.getMessage(),
                        broken.getCause()));
    }

    /**
     * {@code GET /v1/verification}: the agent runs the release verification checklist now (spec 10.2) and answers
     * the report, failed or not.
     */
    public VerificationReport verify() throws AgentClientException {
        return read(expectOk(send(HttpMethod.GET, "/v1/verification", null, null)), VerificationReport.class);
    }

    /** {@code GET /metrics}: the Prometheus text exposition. */
    public String metrics() throws AgentClientException {
        return new String(expectOk(send(HttpMethod.GET, "/metrics", null, null)).body(), StandardCharsets.UTF_8);
    }

    /** {@code POST /v1/rollback}: returns the rollback deployment (202) which runs on the agent. */
    public Deployment rollback(RollbackRequest request) throws AgentClientException {
        return read(expectOk(send(HttpMethod.POST, "/v1/rollback", json(request), null)), Deployment.class);
    }

    /** {@code POST /v1/deployments/{id}/pause}: holds the current phase of a canary or gradual cutover. */
    public Deployment pause(String id) throws AgentClientException {
        return action(id, "pause", null);
    }

    /** {@code POST /v1/deployments/{id}/resume}. */
    public Deployment resume(String id) throws AgentClientException {
        return action(id, "resume", null);
    }

    /** {@code POST /v1/deployments/{id}/promote}: skips the remaining phases to 100%. */
    public Deployment promote(String id) throws AgentClientException {
        return action(id, "promote", null);
    }

    /** {@code POST /v1/deployments/{id}/abort} with an optional reason: rolls the deployment back. */
    public Deployment abort(String id, String reason) throws AgentClientException {
        return action(id, "abort", json(new AbortRequest(reason)));
    }

    private Deployment action(String id, String action, byte[] body) throws AgentClientException {
        return read(
                expectOk(send(HttpMethod.POST, "/v1/deployments/" + segment(id) + "/" + action, body, null)),
                Deployment.class);
    }

    /** {@code GET /v1/flags}: {@code {"flags": [state...]}} (a state is {@code {flag, revision, updated_at, updated_by}}). */
    public JsonNode flags() throws AgentClientException {
        return read(expectOk(send(HttpMethod.GET, "/v1/flags", null, null)), JsonNode.class);
    }

    /** {@code GET /v1/flags/{name}}: the flag's current state. */
    public JsonNode flag(String name) throws AgentClientException {
        return read(expectOk(send(HttpMethod.GET, "/v1/flags/" + segment(name), null, null)),
                JsonNode.class);
    }

    /** {@code PUT /v1/flags/{name}}: creates or replaces the flag; answers its new state. */
    public JsonNode putFlag(String name, JsonNode definition)
            throws AgentClientException {
        return read(expectOk(send(HttpMethod.PUT, "/v1/flags/" + segment(name), json(definition), null)),
                JsonNode.class);
    }

    /** {@code DELETE /v1/flags/{name}}: answers the revision that deleted it. */
    public JsonNode deleteFlag(String name) throws AgentClientException {
        return read(expectOk(send(HttpMethod.DELETE, "/v1/flags/" + segment(name), null, null)),
                JsonNode.class);
    }

    /** {@code GET /v1/flags/{name}/revisions}: {@code {"revisions": [...]}}, oldest first. */
    public JsonNode flagRevisions(String name) throws AgentClientException {
        return read(expectOk(send(HttpMethod.GET, "/v1/flags/" + segment(name) + "/revisions", null, null)),
                JsonNode.class);
    }

    /** {@code POST /v1/flags/{name}/rollback {"revision": N}}: answers the flag's new state. */
    public JsonNode rollbackFlag(String name, int revision) throws AgentClientException {
        return read(expectOk(send(HttpMethod.POST, "/v1/flags/" + segment(name) + "/rollback",
                        json(Map.of("revision", revision)), null)),
                JsonNode.class);
    }

    /**
     * {@code POST /v1/flags/{name}/evaluate {"context": {...}}}: the OFREP-shaped evaluation the loops would get.
     */
    public JsonNode evaluateFlag(String name, Map<String, Object> context)
            throws AgentClientException {
        return read(expectOk(send(HttpMethod.POST, "/v1/flags/" + segment(name) + "/evaluate",
                        json(Map.of("context", context)), null)),
                JsonNode.class);
    }

    /** Closes the idle connections and releases the event-loop thread; calls in progress fail. */
    @Override
    public void close() {
        exchanges.close();
    }

    private HttpAnswer send(HttpMethod method, String path, byte[] body, String idempotencyKey)
            throws AgentClientException {
        return exchanges.send(method, path, body, idempotencyKey);
    }

    /** Idle keep-alive connections this client holds (tests). */
    int idleConnections() {
        return exchanges.idleConnections();
    }

    private static HttpAnswer expectOk(HttpAnswer answer) throws AgentClientException {
        if (answer.status() / 100 != 2) {
            throw failure(answer);
        }
        return answer;
    }

    /** The typed exception for a non-2xx answer. */
    static AgentClientException failure(HttpAnswer answer) {
        Problem problem = null;
        String type = answer.contentType();
        if (answer.body().length > 0 && type.contains("json")) {
            try {
                problem = Json.mapper().readValue(answer.body(), Problem.class);
            } catch (Exception unreadable) {
                problem = null;
            }
        }
        if (answer.status() == 401) {
            return new AgentAuthenticationException("the agent refused the API token (HTTP 401"
                    + (problem != null && problem.detail() != null ? ": " + problem.detail() : "") + ")");
        }
        if (problem != null && problem.type() != null) {
            return new AgentProblemException(problem);
        }
        return new AgentClientException("unexpected answer from the agent: HTTP " + answer.status());
    }

    private static <T> T read(HttpAnswer answer, Class<T> type) throws AgentClientException {
        try {
            JavaType javaType = Json.mapper().constructType(type);
            return Json.mapper().readValue(answer.body(), javaType);
        } catch (IOException e) {
            throw new AgentClientException("the agent sent an unreadable answer: " + e.getMessage(), e);
        }
    }

    private static byte[] json(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Percent-encodes a path segment (ids and digests are plain, but a stray character must not change the path). */
    private static String segment(String value) {
        Objects.requireNonNull(value, "path segment");
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
