package io.openclaw.deploy.protocol;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where an agent is and how to trust it.
 *
 * @param baseUri        e.g. {@code https://127.0.0.1:7443}
 * @param token          the API bearer token; never logged, never in {@link #toString()}
 * @param fingerprint    SHA-256 of the agent's certificate (hex, colons and case ignored); the only certificate trusted
 * @param connectTimeout how long to wait for the TCP and TLS handshake
 * @param requestTimeout how long to wait for a complete answer (not applied to event streams, which are idle-checked)
 */
public record AgentEndpoint(
        URI baseUri, String token, String fingerprint, Duration connectTimeout, Duration requestTimeout) {

    public AgentEndpoint {
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(fingerprint, "fingerprint");
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(60) : requestTimeout;
    }

    public static AgentEndpoint of(URI baseUri, String token, String fingerprint) {
        return new AgentEndpoint(baseUri, token, fingerprint, null, null);
    }

    @Override
    public String toString() {
        return "AgentEndpoint[" + baseUri + ", fingerprint=" + fingerprint + "]";
    }
}
