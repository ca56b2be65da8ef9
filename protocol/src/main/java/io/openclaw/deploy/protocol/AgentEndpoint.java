package io.openclaw.deploy.protocol;

import java.net.URI;
import java.nio.file.Path;
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
 * @param localSocket    the agent's control socket, a Unix domain socket in its home on this host, or null. When set,
 *                       calls go there instead of to {@code baseUri}, without TLS: no other user can open the socket
 *                       (its file admits the agent's own user only), so there is no certificate to pin; the token is
 *                       still sent and checked.
 */
public record AgentEndpoint(
        URI baseUri, String token, String fingerprint, Duration connectTimeout, Duration requestTimeout,
        Path localSocket) {
    /** The {@code baseUri} of an endpoint over the local socket: requests name this host, {@code localhost}. */
    private static final URI LOCAL = URI.create("http://localhost");

    public AgentEndpoint {
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(fingerprint, "fingerprint");
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(60) : requestTimeout;
    }

    /** An agent reached over HTTPS. */
    public AgentEndpoint(URI baseUri, String token, String fingerprint, Duration connectTimeout, Duration requestTimeout) {
        this(baseUri, token, fingerprint, connectTimeout, requestTimeout, null);
    }

    public static AgentEndpoint of(URI baseUri, String token, String fingerprint) {
        return new AgentEndpoint(baseUri, token, fingerprint, null, null);
    }

    /** The agent of a home on this host, through its control socket. */
    public static AgentEndpoint overLocalSocket(Path socket, String token) {
        return new AgentEndpoint(LOCAL, token, "", null, null, Objects.requireNonNull(socket, "socket"));
    }

    /** Where the agent is, as messages name it: its URL, or its socket. */
    public String where() {
        return localSocket == null ? baseUri.toString() : "unix:" + localSocket;
    }

    @Override
    public String toString() {
        return localSocket == null ? "AgentEndpoint[" + baseUri + ", fingerprint=" + fingerprint + "]"
                : "AgentEndpoint[" + where() + "]";
    }
}
