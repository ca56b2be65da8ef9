package io.openclaw.deploy.agent.testing;

import io.openclaw.deploy.agent.api.AgentOperations;
import io.openclaw.deploy.agent.api.ApiToken;
import io.openclaw.deploy.agent.api.ControlServer;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.tls.TlsIdentity;
import io.openclaw.deploy.agent.tls.TlsIdentityStore;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentEndpoint;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/** The real HTTPS control API in front of an agent, with the home's certificate and token as {@code init} makes them. */
public final class SecuredApi implements AutoCloseable {
    private final TlsIdentity tls;
    private final String token;
    private final ControlServer server;

    private SecuredApi(TlsIdentity tls, String token, ControlServer server) {
        this.tls = tls;
        this.token = token;
        this.server = server;
    }

    public static SecuredApi start(AgentHome home, AgentOperations operations) throws Exception {
        TlsIdentity tls = TlsIdentityStore.create(home, Set.of("localhost", "127.0.0.1"));
        String token = ApiToken.createFile(home.tokenFile());
        return new SecuredApi(tls, token,
                new ControlServer("127.0.0.1", 0, tls, ApiToken.of(token), operations).start());
    }

    /** A pinned client with the right token. */
    public AgentClient client() {
        return new AgentClient(new AgentEndpoint(server.baseUri(), token, tls.fingerprint(), Duration.ofSeconds(5),
                Duration.ofSeconds(30)));
    }

    public java.net.URI baseUri() {
        return server.baseUri();
    }

    public String fingerprint() {
        return tls.fingerprint();
    }

    /** {@code GET path} with the token, e.g. {@code /metrics}. */
    public HttpResponse<String> get(String path) throws Exception {
        return TrustingHttpClient.trusting(tls.certificate()).send(
                HttpRequest.newBuilder(server.baseUri().resolve(path)).header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
    }
}
