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
        // Issue 12: the loop's health path (the release declares /health) is the agent's, not the router's clients'.
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String router = "http://127.0.0.1:" + runtime.routerPort() + "/loops/core_orchestrator";
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(router + "/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(router + "/inbox")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
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

    private String upload(AgentClient client, Path zip) throws Exception {
        try (InputStream in = Files.newInputStream(zip)) {
            client.uploadArtifact(sha(zip), Files.size(zip), in);
        }
        return sha(zip);
    }

    private static void assertProblem(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String type,
            int status, String... detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AgentProblemException.class, e -> {
            assertThat(e.problem().type()).isEqualTo(type);
            assertThat(e.problem().status()).isEqualTo(status);
            assertThat(e.problem().detail()).contains(detail);
        });
    }

    /** Issue 12: the same key with another artifact, version or strategy answered 202 with the first deployment. */
    @Test
    void anIdempotencyKeyReusedForAnotherRequestIs422AndTheSameRequestGetsItsDeployment() throws Exception {
        Path zip = TestReleases.build(tmp, "1.0.0", List.of("core_orchestrator"), Map.of());
        Path other = TestReleases.build(tmp, "2.0.0", List.of("core_orchestrator"), Map.of());
        try (AgentClient client = client(token, tls.fingerprint())) {
            String sha = upload(client, zip);
            String otherSha = upload(client, other);
            Deployment first = client.deploy(new DeployRequest(sha, null, null, List.of(), Map.of()), "build-7");

            assertProblem(() -> client.deploy(DeployRequest.of(otherSha), "build-7"),
                    ProblemTypes.IDEMPOTENCY_KEY_REUSED, 422, "artifactSha256", first.id());
            assertProblem(() -> client.deploy(new DeployRequest(sha, "1.0.1", "rolling", List.of(), Map.of()), "build-7"),
                    ProblemTypes.IDEMPOTENCY_KEY_REUSED, 422, "version", "strategy");
            assertThat(client.deploy(new DeployRequest(sha.toUpperCase(java.util.Locale.ROOT), null, "auto", List.of(),
                    Map.of()), "build-7").id()).isEqualTo(first.id());
            assertThat(client.deployments()).extracting(Deployment::id).containsExactly(first.id());
            client.followEvents(first.id(), 0, e -> { });
        }
    }

    /** Issue 12: these were accepted (202) and failed only once the deployment ran. */
    @Test
    void aRequestTheAgentCannotCarryOutIsRefusedBeforeItIsAccepted() throws Exception {
        Path zip = TestReleases.build(tmp, "1.0.0", List.of("core_orchestrator"), Map.of());
        Path unknownKey = TestReleases.withManifest(tmp, "version: 1.0.0\nloops:\n  - name: core_orchestrator\n"
                + "    command: [\"${JAVA}\", \"-jar\", \"loops/sample-loop.jar\"]\n    replica: 2\n");
        Path noVersion = TestReleases.withManifest(tmp, "loops: []\n");
        try (AgentClient client = client(token, tls.fingerprint())) {
            String sha = upload(client, zip);

            assertProblem(() -> client.deploy(new DeployRequest(sha, "../../evil", null, List.of(), Map.of()), null),
                    ProblemTypes.VALIDATION, 400, "version", "../../evil");
            assertProblem(() -> client.deploy(new DeployRequest(sha, null, "big-bang", List.of(), Map.of()), null),
                    ProblemTypes.VALIDATION, 400, "strategy");
            assertProblem(() -> client.deploy(new DeployRequest(sha, null, null, List.of("gmail_processor"), Map.of()),
                    null), ProblemTypes.VALIDATION, 400, "loops", "gmail_processor");
            assertProblem(() -> client.deploy(new DeployRequest(sha, null, null, List.of(),
                    Map.of("canary", Map.of("phasez", 1))), null), ProblemTypes.VALIDATION, 400, "phasez");
            String bad = upload(client, unknownKey);
            assertProblem(() -> client.deploy(DeployRequest.of(bad), null),
                    ProblemTypes.INVALID_MANIFEST, 422, "loops[0].replica");
            String empty = upload(client, noVersion);
            assertProblem(() -> client.deploy(DeployRequest.of(empty), null),
                    ProblemTypes.INVALID_MANIFEST, 422, "version");

            assertThat(client.deployments()).isEmpty();
            assertThat(client.status().release()).isNull();
            // An artifact that can never deploy is removed at once; one refused for the request's sake stays.
            assertThat(client.hasArtifact(bad)).isFalse();
            assertThat(client.hasArtifact(empty)).isFalse();
            assertThat(client.hasArtifact(sha)).isTrue();
            String unsafe = upload(client, TestReleases.zipSlip(tmp, "1.0.1"));
            assertProblem(() -> client.deploy(DeployRequest.of(unsafe), null), ProblemTypes.UNSAFE_ARTIFACT, 422,
                    "escaped.txt");
            assertThat(client.hasArtifact(unsafe)).isFalse();
        }
    }
}
