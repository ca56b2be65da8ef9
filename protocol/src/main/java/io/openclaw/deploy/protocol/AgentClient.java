package io.openclaw.deploy.protocol;

import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * Client of the agent's control API over HTTPS, built on Netty.
 *
 * <p>Trusts exactly one certificate, the one whose SHA-256 fingerprint the {@link AgentEndpoint} pins, and sends the
 * bearer token on every request. Thread-safe; one instance may serve many calls. Failures are typed: {@link
 * AgentUnreachableException}, {@link AgentAuthenticationException}, {@link AgentProblemException}.
 */
public final class AgentClient implements AutoCloseable {
    private final AgentEndpoint endpoint;

    public AgentClient(AgentEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    public AgentEndpoint endpoint() {
        return endpoint;
    }

    /** {@code GET /v1/status}. */
    public AgentStatus status() throws AgentClientException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code HEAD /v1/artifacts/{sha256}}: whether the agent already holds this artifact. */
    public boolean hasArtifact(String sha256) throws AgentClientException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * {@code PUT /v1/artifacts/{sha256}}, streamed: reads {@code content} to its end without holding it in memory.
     * The agent verifies the digest and refuses a mismatch ({@link ProblemTypes#DIGEST_MISMATCH}).
     *
     * @param size exact number of bytes {@code content} will yield
     */
    public void uploadArtifact(String sha256, long size, InputStream content) throws AgentClientException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * {@code POST /v1/deployments}. Repeating the call with the same idempotency key returns the same deployment.
     *
     * @param idempotencyKey may be null
     */
    public Deployment deploy(DeployRequest request, String idempotencyKey) throws AgentClientException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code GET /v1/deployments}, newest first. */
    public List<Deployment> deployments() throws AgentClientException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code GET /v1/deployments/{id}}. */
    public Deployment deployment(String id) throws AgentClientException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * {@code GET /v1/deployments/{id}/events?after=N}: hands each event to {@code sink} as it arrives and returns when
     * the deployment has ended (the agent closes the stream). Resume by passing the last seen {@code seq} as {@code
     * afterSeq}.
     *
     * @return the sequence number of the last event delivered (or {@code afterSeq} if none)
     */
    public long followEvents(String id, long afterSeq, Consumer<DeploymentEvent> sink) throws AgentClientException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code POST /v1/rollback}: returns the rollback deployment (202) which runs on the agent. */
    public Deployment rollback(RollbackRequest request) throws AgentClientException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code POST /v1/deployments/{id}/pause}: holds the current phase of a canary or gradual cutover. */
    public Deployment pause(String id) throws AgentClientException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code POST /v1/deployments/{id}/resume}. */
    public Deployment resume(String id) throws AgentClientException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code POST /v1/deployments/{id}/promote}: skips the remaining phases to 100%. */
    public Deployment promote(String id) throws AgentClientException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code POST /v1/deployments/{id}/abort} with an optional reason: rolls the deployment back. */
    public Deployment abort(String id, String reason) throws AgentClientException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void close() {}
}
