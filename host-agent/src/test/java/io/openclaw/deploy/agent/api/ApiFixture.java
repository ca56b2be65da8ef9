package io.openclaw.deploy.agent.api;

import io.openclaw.deploy.agent.testing.TrustingHttpClient;
import io.openclaw.deploy.agent.tls.SelfSignedCertificates;
import io.openclaw.deploy.agent.tls.TlsIdentity;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** A real control server on a loopback ephemeral port, in front of {@link RecordingOperations}. */
public final class ApiFixture implements AutoCloseable {
    static final TlsIdentity TLS = SelfSignedCertificates.generate(Set.of("localhost", "127.0.0.1", "::1"), Instant.now());

    public final RecordingOperations operations = new RecordingOperations();
    public final String token = ApiToken.generate();
    public final ControlServer server;

    public ApiFixture() throws Exception {
        server = new ControlServer("127.0.0.1", 0, TLS, ApiToken.of(token), operations).start();
    }

    URI uri(String path) {
        return URI.create(server.baseUri() + path);
    }

    AgentEndpoint endpoint() {
        return new AgentEndpoint(server.baseUri(), token, server.fingerprint(), Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    AgentClient client() {
        return new AgentClient(endpoint());
    }

    /** A plain JDK client trusting the server's certificate, for requests the AgentClient would never send. */
    HttpClient rawClient() throws Exception {
        return TrustingHttpClient.trusting(TLS.certificate());
    }

    @Override
    public void close() {
        server.close();
    }
}
