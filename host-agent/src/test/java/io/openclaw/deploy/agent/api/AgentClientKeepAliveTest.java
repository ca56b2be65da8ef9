package io.openclaw.deploy.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.tls.SelfSignedCertificates;
import io.openclaw.deploy.agent.tls.TlsIdentity;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentClientException;
import io.openclaw.deploy.protocol.AgentUnreachableException;
import io.openclaw.deploy.protocol.ArtifactDigest;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.RollbackRequest;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keep-alive reuse of {@link AgentClient} connections against the real {@link ControlServer} over TLS on loopback,
 * observed through the server's count of accepted connections.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentClientKeepAliveTest {
    private ApiFixture api;
    private AgentClient client;
    private final List<ControlServer> restarted = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture();
        client = api.client();
    }

    @AfterEach
    void stop() {
        client.close();
        restarted.forEach(ControlServer::close);
        api.close();
    }

    @Test
    void manySequentialCallsShareOneConnection() throws Exception {
        api.operations.artifacts.put("ab".repeat(32), new byte[0]);
        Deployment d = client.deploy(request(), "build-1");
        for (int i = 0; i < 10; i++) {
            assertThat(client.status().release()).isEqualTo("1.4.2");
            assertThat(client.deployment(d.id()).id()).isEqualTo(d.id());
            assertThat(client.hasArtifact("cd".repeat(32))).isFalse();
        }
        assertThat(client.deployments()).extracting(Deployment::id).contains(d.id());
        client.rollback(new RollbackRequest(null, "why not"));

        assertThat(api.server.connectionsAccepted()).isEqualTo(1);
        assertThat(api.server.connectionsOpen()).isEqualTo(1);
    }

    @Test
    void problemAnswersKeepTheConnection() throws Exception {
        client.status();
        assertThatThrownBy(() -> client.deployment("no-such-deployment")).isInstanceOf(AgentClientException.class);
        client.status();
        assertThat(api.server.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void closingTheClientClosesItsConnections() throws Exception {
        client.status();
        assertThat(api.server.connectionsOpen()).isEqualTo(1);
        client.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.server.connectionsOpen() == 0);
    }

    @Test
    void anAgentRestartBetweenTwoCallsIsSurvivedByGet() throws Exception {
        client.status();
        ControlServer second = restartOnSamePort(ApiFixture.TLS);

        assertThat(client.status().release()).isEqualTo("1.4.2");
        assertThat(client.deployments()).isNotNull();
        assertThat(second.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void aConnectionTheAgentClosedWhenIdleIsReplaced() throws Exception {
        try (ControlServer impatient = new ControlServer("127.0.0.1", 0, ApiFixture.TLS, ApiToken.of(api.token),
                        api.operations, ControlServer.HEARTBEAT, Duration.ofMillis(300))
                .start();
                AgentClient patient = new AgentClient(new io.openclaw.deploy.protocol.AgentEndpoint(
                        impatient.baseUri(), api.token, impatient.fingerprint(), Duration.ofSeconds(5),
                        Duration.ofSeconds(20)))) {
            patient.status();
            await().atMost(Duration.ofSeconds(10)).until(() -> impatient.connectionsOpen() == 0);

            assertThat(patient.status().release()).isEqualTo("1.4.2");
            assertThat(impatient.connectionsAccepted()).isEqualTo(2);
        }
    }

    @Test
    void anUploadAndAnEventStreamAreFollowedByOrdinaryCalls(@TempDir Path dir) throws Exception {
        byte[] content = new byte[3 * 1024 * 1024];
        new SecureRandom().nextBytes(content);
        Path zip = Files.write(dir.resolve("release.zip"), content);
        String sha = ArtifactDigest.sha256(zip);
        client.status();

        client.uploadArtifact(sha, content.length, new ByteArrayInputStream(content));
        assertThat(client.hasArtifact(sha)).isTrue();
        assertThat(api.operations.artifacts.get(sha)).isEqualTo(content);
        // The upload ran on the connection of the first call and left it reusable.
        assertThat(api.server.connectionsAccepted()).isEqualTo(1);

        Deployment d = api.operations.deployment("d-keep", Deployment.KIND_DEPLOY, "2.0.0", "admin");
        api.operations.push(d.id(), DeploymentState.PENDING, "accepted");
        List<DeploymentEvent> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Long> last = ApiFixture.followInBackground(client, d.id(), seen::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.operations.followers(d.id()) == 1);
        // While the stream holds its connection, other calls of the same client get another one.
        assertThat(client.status().release()).isEqualTo("1.4.2");
        assertThat(api.server.connectionsAccepted()).isEqualTo(2);
        api.operations.push(d.id(), DeploymentState.SUCCEEDED, "done");
        api.operations.end(d.id(), DeploymentState.SUCCEEDED);
        assertThat(last.get(10, TimeUnit.SECONDS)).isEqualTo(2);

        // The stream's connection is closed by the agent after the stream; the second one is reused.
        await().atMost(Duration.ofSeconds(10)).until(() -> api.server.connectionsOpen() == 1);
        assertThat(client.deployment(d.id()).id()).isEqualTo(d.id());
        assertThat(client.status().release()).isEqualTo("1.4.2");
        assertThat(api.server.connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void anAgentReplacedByOneWithAnotherCertificateIsRefusedOnTheNewConnection() throws Exception {
        client.status();
        TlsIdentity other = SelfSignedCertificates.generate(Set.of("127.0.0.1"), Instant.now());
        ControlServer impostor = restartOnSamePort(other);

        assertThatThrownBy(client::status)
                .isInstanceOf(AgentUnreachableException.class)
                .hasMessageContaining("did not match")
                .hasMessageContaining(impostor.fingerprint());
        assertThat(api.operations.calls).containsOnly("status");
    }

    /** Stops the fixture's server and starts another on the same port, as an agent restart does. */
    private ControlServer restartOnSamePort(TlsIdentity tls) throws Exception {
        int port = api.server.port();
        api.server.close();
        ControlServer second = new ControlServer("127.0.0.1", port, tls, ApiToken.of(api.token), api.operations);
        restarted.add(second);
        return second.start();
    }

    private static DeployRequest request() {
        return new DeployRequest("ab".repeat(32), "2.0.0", "auto", List.of(), Map.of());
    }
}
