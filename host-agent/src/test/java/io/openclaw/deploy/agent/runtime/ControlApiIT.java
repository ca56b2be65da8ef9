package io.openclaw.deploy.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.agent.api.ApiToken;
import io.openclaw.deploy.agent.api.ControlServer;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.agent.testing.TestReleases;
import io.openclaw.deploy.agent.tls.TlsIdentity;
import io.openclaw.deploy.agent.tls.TlsIdentityStore;
import io.openclaw.deploy.protocol.AgentAuthenticationException;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentEndpoint;
import io.openclaw.deploy.protocol.AgentProblemException;
import io.openclaw.deploy.protocol.AgentUnreachableException;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent as clients see it: the real runtime behind the real HTTPS control API, spoken to by AgentClient. */
class ControlApiIT {
    @TempDir
    Path tmp;

    private AgentRuntime runtime;
    private ControlServer api;
    private TlsIdentity tls;
    private String token;

    @BeforeEach
    void start() throws Exception {
        AgentHome home = new AgentHome(tmp.resolve("home"));
        tls = TlsIdentityStore.create(home, Set.of("localhost", "127.0.0.1"));
        token = ApiToken.createFile(home.tokenFile());
        runtime = AgentRuntime.start(home, TestConfigs.quick(Duration.ofSeconds(30)), tls.fingerprint(), "test",
                Clock.systemUTC());
        api = new ControlServer("127.0.0.1", 0, tls, ApiToken.of(token), runtime.operations()).start();
        runtime.closeWith(api);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private AgentClient client(String withToken, String fingerprint) {
        return new AgentClient(new AgentEndpoint(api.baseUri(), withToken, fingerprint, Duration.ofSeconds(5),
                Duration.ofSeconds(30)));
    }

    private static String sha(Path zip) throws Exception {
        return TestReleases.sha256(zip);
    }

    @Test
    void uploadDeployFollowAndStatusOverTheWire() throws Exception {
        Path zip = TestReleases.build(tmp, "1.0.0", List.of("core_orchestrator", "gmail_processor"), Map.of());
        try (AgentClient client = client(token, tls.fingerprint())) {
            assertThat(client.hasArtifact(sha(zip))).isFalse();
            try (InputStream in = Files.newInputStream(zip)) {
                client.uploadArtifact(sha(zip), Files.size(zip), in);
            }
            assertThat(client.hasArtifact(sha(zip))).isTrue();

            Deployment started = client.deploy(DeployRequest.of(sha(zip)), "key-1");
            List<DeploymentEvent> events = new ArrayList<>();
            client.followEvents(started.id(), 0, events::add);
            Deployment done = client.deployment(started.id());

            assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
            assertThat(events).isNotEmpty().last().extracting(DeploymentEvent::state)
                    .isEqualTo(DeploymentState.SUCCEEDED);
            assertThat(client.deploy(DeployRequest.of(sha(zip)), "key-1").id()).isEqualTo(started.id());
            assertThat(client.status().release()).isEqualTo("1.0.0");
            assertThat(client.status().fingerprint()).isEqualTo(tls.fingerprint());
            assertThat(client.deployments()).extracting(Deployment::id).containsExactly(started.id());
        }
    }

    @Test
    void aWrongTokenIsRefusedAndAWrongFingerprintNeverReachesTheAgent() {
        try (AgentClient wrongToken = client("not-the-token", tls.fingerprint());
                AgentClient wrongPin = client(token, "ab".repeat(32))) {
            assertThatThrownBy(wrongToken::status).isInstanceOf(AgentAuthenticationException.class);
            assertThatThrownBy(wrongPin::status).isInstanceOf(AgentUnreachableException.class)
                    .hasMessageContaining("fingerprint");
        }
    }

    @Test
    void deployingAnArtifactThatWasNeverUploadedIsANotFoundProblem() {
        try (AgentClient client = client(token, tls.fingerprint())) {
            assertThatThrownBy(() -> client.deploy(DeployRequest.of("cd".repeat(32)), null))
                    .isInstanceOfSatisfying(AgentProblemException.class,
                            e -> assertThat(e.problem().type()).isEqualTo(ProblemTypes.ARTIFACT_NOT_FOUND));
        }
    }
}
