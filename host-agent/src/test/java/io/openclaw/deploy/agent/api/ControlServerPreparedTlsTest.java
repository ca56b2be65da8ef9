package io.openclaw.deploy.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.agent.tls.SelfSignedCertificates;
import io.openclaw.deploy.agent.tls.TlsIdentity;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentEndpoint;
import io.openclaw.deploy.protocol.AgentUnreachableException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent's start makes the API's TLS context beside its other steps and hands it to the server: the server then
 * presents that context's certificate, which is what a pinned client checks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ControlServerPreparedTlsTest {
    private final String token = ApiToken.generate();
    private ControlServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void servesTlsWithTheContextPreparedForIt() throws Exception {
        server = new ControlServer("127.0.0.1", 0, ApiFixture.TLS, ApiToken.of(token), new RecordingOperations())
                .withServerContext(ApiFixture.TLS.serverContext()).start();

        try (AgentClient client = pinnedTo(ApiFixture.TLS)) {
            assertThat(client.status().fingerprint()).isEqualTo(ApiFixture.TLS.fingerprint());
        }
    }

    @Test
    void presentsThePreparedContextsCertificateNotOneOfItsOwn() throws Exception {
        TlsIdentity other = SelfSignedCertificates.generate(Set.of("127.0.0.1"), Instant.now());
        server = new ControlServer("127.0.0.1", 0, ApiFixture.TLS, ApiToken.of(token), new RecordingOperations())
                .withServerContext(other.serverContext()).start();

        try (AgentClient pinnedToPrepared = pinnedTo(other)) {
            assertThat(pinnedToPrepared.status()).isNotNull();
        }
        try (AgentClient pinnedToIdentity = pinnedTo(ApiFixture.TLS)) {
            assertThatThrownBy(pinnedToIdentity::status).isInstanceOf(AgentUnreachableException.class);
        }
    }

    private AgentClient pinnedTo(TlsIdentity identity) {
        return new AgentClient(new AgentEndpoint(server.baseUri(), token, identity.fingerprint(), Duration.ofSeconds(5),
                Duration.ofSeconds(10)));
    }
}
