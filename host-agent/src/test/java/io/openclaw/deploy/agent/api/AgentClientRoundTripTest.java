package io.openclaw.deploy.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.tls.SelfSignedCertificates;
import io.openclaw.deploy.agent.tls.TlsIdentity;
import io.openclaw.deploy.protocol.AgentAuthenticationException;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentClientException;
import io.openclaw.deploy.protocol.AgentEndpoint;
import io.openclaw.deploy.protocol.AgentProblemException;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.AgentUnreachableException;
import io.openclaw.deploy.protocol.ArtifactDigest;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.ProblemTypes;
import io.openclaw.deploy.protocol.RollbackRequest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link AgentClient} against the real {@link ControlServer} over TLS on loopback: every call, every failure kind. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentClientRoundTripTest {
    private ApiFixture api;
    private AgentClient client;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture();
        client = api.client();
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    @Test
    void statusRoundTrip() throws Exception {
        AgentStatus status = client.status();
        assertThat(status.release()).isEqualTo("1.4.2");
        assertThat(status.fingerprint()).isEqualTo(api.server.fingerprint());
        assertThat(status.loops()).singleElement().satisfies(l -> assertThat(l.instances()).hasSize(1));
    }

    @Test
    void uploadsTwentyMegabytesStreamedAndVerified(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("release.zip");
        byte[] content = new byte[20 * 1024 * 1024];
        new SecureRandom().nextBytes(content);
        Files.write(zip, content);
        String sha = ArtifactDigest.sha256(zip);

        assertThat(client.hasArtifact(sha)).isFalse();
        try (InputStream in = Files.newInputStream(zip)) {
            client.uploadArtifact(sha, Files.size(zip), in);
        }
        assertThat(client.hasArtifact(sha)).isTrue();
        assertThat(api.operations.artifacts.get(sha)).isEqualTo(content);
        assertThat(api.operations.calls).contains("beginUpload " + sha + " " + content.length);
    }

    @Test
    void uploadWithTheWrongDigestIsRefusedAndNothingStored(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("release.zip");
        byte[] content = new byte[20 * 1024 * 1024];
        new SecureRandom().nextBytes(content);
        Files.write(zip, content);
        String wrong = "0".repeat(64);

        try (InputStream in = Files.newInputStream(zip)) {
            assertThatThrownBy(() -> client.uploadArtifact(wrong, content.length, in))
                    .isInstanceOfSatisfying(AgentProblemException.class, e -> assertThat(e.is(ProblemTypes.DIGEST_MISMATCH)).isTrue());
        }
        assertThat(api.operations.artifacts).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> api.operations.uploadsClosed.get() == 1);
    }

    /**
     * Issue 12: a disk that filled up mid-upload showed as "Broken pipe" (exit 5): the agent answered and closed with
     * the rest of the body unread, which resets the connection. It now reads and drops the rest after answering.
     */
    @Test
    void aDiskThatFillsUpDuringAnUploadIsAnsweredAsDiskFull() throws Exception {
        byte[] content = new byte[16 * 1024 * 1024];
        new SecureRandom().nextBytes(content);
        String sha = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(content));
        api.operations.diskFullAfterBytes = 1024 * 1024;

        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThatThrownBy(() -> client.uploadArtifact(sha, content.length, new ByteArrayInputStream(content)))
                    .isInstanceOfSatisfying(AgentProblemException.class, e -> {
                        assertThat(e.is(ProblemTypes.DISK_FULL)).isTrue();
                        assertThat(e.problem().status()).isEqualTo(507);
                    });
            int closed = attempt;
            await().atMost(Duration.ofSeconds(5)).until(() -> api.operations.uploadsClosed.get() == closed);
        }
        assertThat(api.operations.artifacts).isEmpty();
        assertThat(client.status().release()).as("the client goes on").isEqualTo("1.4.2");
    }

    @Test
    void uploadAboveTheLimitIsRefusedBeforeTheBodyIsSent() throws Exception {
        api.operations.maxArtifactBytes = 1024;
        AtomicInteger read = new AtomicInteger();
        InputStream counting = new ByteArrayInputStream(new byte[64 * 1024]) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                read.addAndGet(Math.max(n, 0));
                return n;
            }
        };
        assertThatThrownBy(() -> client.uploadArtifact("ab".repeat(32), 64 * 1024, counting))
                .isInstanceOfSatisfying(AgentProblemException.class, e -> assertThat(e.is(ProblemTypes.PAYLOAD_TOO_LARGE)).isTrue());
        assertThat(read.get()).isZero();
    }

    @Test
    void aStreamShorterThanDeclaredFailsAndTheUploadIsAborted() {
        assertThatThrownBy(() -> client.uploadArtifact("ab".repeat(32), 1000, new ByteArrayInputStream(new byte[10])))
                .isInstanceOf(AgentClientException.class)
                .hasMessageContaining("ended after 10 of the declared 1000 bytes");
        await().atMost(Duration.ofSeconds(5)).until(() -> api.operations.uploadsClosed.get() == 1);
        assertThat(api.operations.artifacts).isEmpty();
    }

    @Test
    void deployIsIdempotentAndListed() throws Exception {
        String sha = "cd".repeat(32);
        api.operations.artifacts.put(sha, new byte[] {1});
        DeployRequest request = new DeployRequest(sha, "1.5.0", "blue-green", List.of("gmail_processor"), null);
        Deployment first = client.deploy(request, "key-1");
        Deployment again = client.deploy(request, "key-1");
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(first.requestedBy()).isEqualTo("admin");
        assertThat(client.deployments()).extracting(Deployment::id).containsExactly(first.id());
        assertThat(client.deployment(first.id()).version()).isEqualTo("1.5.0");

        assertThatThrownBy(() -> client.deployment("d-unknown"))
                .isInstanceOfSatisfying(AgentProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(404));
        assertThatThrownBy(() -> client.deploy(DeployRequest.of("ef".repeat(32)), null))
                .isInstanceOfSatisfying(AgentProblemException.class, e -> assertThat(e.is(ProblemTypes.ARTIFACT_NOT_FOUND)).isTrue());
    }

    @Test
    void rollbackAndDeploymentControl() throws Exception {
        Deployment rollback = client.rollback(new RollbackRequest("1.4.1", "bad release"));
        assertThat(rollback.kind()).isEqualTo(Deployment.KIND_ROLLBACK);
        assertThat(api.operations.calls).contains("rollback to=1.4.1 reason=bad release by=admin");

        assertThat(client.pause(rollback.id()).id()).isEqualTo(rollback.id());
        client.resume(rollback.id());
        client.promote(rollback.id());
        client.abort(rollback.id(), "stop");

        assertThat(api.operations.calls).contains(
                "pause " + rollback.id() + " reason=null by=admin",
                "resume " + rollback.id() + " reason=null by=admin",
                "promote " + rollback.id() + " reason=null by=admin",
                "abort " + rollback.id() + " reason=stop by=admin");
        assertThatThrownBy(() -> client.pause("d-404"))
                .isInstanceOfSatisfying(AgentProblemException.class, e -> assertThat(e.is(ProblemTypes.NOT_FOUND)).isTrue());
    }


    @Test
    void followsEventsAsTheyArriveAndResumes() throws Exception {
        Deployment d = api.operations.deployment("d-9", Deployment.KIND_DEPLOY, "2.0.0", "admin");
        api.operations.push(d.id(), DeploymentState.PENDING, "accepted");
        List<DeploymentEvent> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Long> last = ApiFixture.followInBackground(client, d.id(), seen::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.operations.followers(d.id()) == 1);
        api.operations.push(d.id(), DeploymentState.STARTING, "started gmail_processor-green-0");
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
        assertThat(last).isNotDone();
        api.operations.push(d.id(), DeploymentState.SUCCEEDED, "done");
        api.operations.end(d.id(), DeploymentState.SUCCEEDED);
        assertThat(last.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(seen).extracting(DeploymentEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(seen.get(1).message()).isEqualTo("started gmail_processor-green-0");
        assertThat(seen.get(1).data()).containsEntry("loop", "gmail_processor");

        List<DeploymentEvent> resumed = new CopyOnWriteArrayList<>();
        assertThat(client.followEvents(d.id(), 1, resumed::add)).isEqualTo(3);
        assertThat(resumed).extracting(DeploymentEvent::seq).containsExactly(2L, 3L);
        assertThat(client.followEvents(d.id(), 3, resumed::add)).isEqualTo(3);
    }

    @Test
    void aClientThatLeavesClosesItsSubscription() throws Exception {
        Deployment d = api.operations.deployment("d-10", Deployment.KIND_DEPLOY, "2.0.0", "admin");
        Thread follower = new Thread(() -> {
            try {
                client.followEvents(d.id(), 0, e -> {});
            } catch (AgentClientException expected) {
                // interrupted below
            }
        });
        follower.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.operations.followers(d.id()) == 1);
        follower.interrupt();
        follower.join(10_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.operations.subscriptionsClosed.get() == 1);
        assertThat(api.operations.followers(d.id())).isZero();
    }

    @Test
    void followingAnUnknownDeploymentIsAProblem() {
        assertThatThrownBy(() -> client.followEvents("nope", 0, e -> {}))
                .isInstanceOfSatisfying(AgentProblemException.class, e -> assertThat(e.is(ProblemTypes.NOT_FOUND)).isTrue());
    }

    @Test
    void aWrongTokenIsAnAuthenticationFailure() {
        AgentEndpoint e = api.endpoint();
        try (AgentClient wrong = new AgentClient(new AgentEndpoint(e.baseUri(), "not-the-token", e.fingerprint(), null, null))) {
            assertThatThrownBy(wrong::status)
                    .isInstanceOf(AgentAuthenticationException.class)
                    .hasMessageNotContaining("not-the-token")
                    .hasMessageNotContaining(api.token);
        }
        assertThat(api.operations.calls).isEmpty();
    }

    @Test
    void aWrongFingerprintIsRefusedNamingThePresentedOne() {
        AgentEndpoint e = api.endpoint();
        try (AgentClient pinnedElsewhere = new AgentClient(AgentEndpoint.of(e.baseUri(), api.token, "ab".repeat(32)))) {
            assertThatThrownBy(pinnedElsewhere::status)
                    .isInstanceOf(AgentUnreachableException.class)
                    .hasMessageContaining("did not match")
                    .hasMessageContaining(api.server.fingerprint());
        }
        assertThat(api.operations.calls).isEmpty();
    }

    @Test
    void theTokenIsNeverSentToAServerWithAnotherCertificate() throws Exception {
        TlsIdentity impostor = SelfSignedCertificates.generate(Set.of("127.0.0.1"), Instant.now());
        SSLContext ssl = ApiFixture.serverSsl(impostor);
        try (SSLServerSocket server = (SSLServerSocket) ssl.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    socket.setSoTimeout(10_000);
                    return socket.getInputStream().read();
                } catch (Exception handshakeRefused) {
                    return -2;
                }
            });
            URI uri = URI.create("https://127.0.0.1:" + server.getLocalPort());
            try (AgentClient victim = new AgentClient(AgentEndpoint.of(uri, api.token, api.server.fingerprint()))) {
                assertThatThrownBy(victim::status).isInstanceOf(AgentUnreachableException.class).hasMessageContaining("did not match");
            }
            // Not one byte of application data (the request, the token) reached the impostor.
            assertThat(received.get(15, TimeUnit.SECONDS)).isLessThan(0);
        }
    }

    @Test
    void anAgentThatIsNotThereIsUnreachable() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        URI uri = URI.create("https://127.0.0.1:" + port);
        try (AgentClient nobody = new AgentClient(AgentEndpoint.of(uri, "t", "ab".repeat(32)))) {
            assertThatThrownBy(nobody::status).isInstanceOf(AgentUnreachableException.class).hasMessageContaining("127.0.0.1:" + port);
        }
    }
}
