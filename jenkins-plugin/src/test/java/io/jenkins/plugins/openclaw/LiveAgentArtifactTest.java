package io.jenkins.plugins.openclaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.openclaw.core.MeasuredArtifact;
import io.jenkins.plugins.openclaw.core.ArtifactUploader;
import io.jenkins.plugins.openclaw.core.DeploymentApi;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentClientException;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code openclawDeploy} does outside {@code node} with an archived artifact, minus Jenkins: hash the stream where
 * it is read, upload it in a second streamed pass only when the agent lacks it, deploy by digest. Against a real agent
 * on loopback.
 */
class LiveAgentArtifactTest {
    @TempDir
    Path home;

    /** Opens the release like an archived artifact would be opened, counting the passes. */
    private static ArtifactUploader.Source counting(Path file, AtomicInteger opens) {
        return () -> {
            opens.incrementAndGet();
            return Files.newInputStream(file);
        };
    }

    @Test
    void hashesThenUploadsOnlyWhenTheAgentLacksTheArtifactAndDeploysByDigest() throws Exception {
        assumeTrue(Files.isRegularFile(RealAgent.agentJar()), "needs the agent jar: build the whole reactor");
        // One loop of the sample app (2 processes to start, not 16): what is deployed is not what this test is about.
        Path release = TestReleases.variant(RealAgent.sampleRelease(), home.resolve("release.zip"), "4.0.0", Map.of(),
                Set.of("gmail_processor"));
        try (RealAgent agent = RealAgent.start(home.resolve("agent"));
                AgentClient client = agent.client()) {
            DeploymentApi api = DeploymentApi.of(client);
            AtomicInteger opens = new AtomicInteger();

            ArtifactUploader.Shipment first = ArtifactUploader.hashThenUpload(api, counting(release, opens));

            MeasuredArtifact expected;
            try (InputStream in = Files.newInputStream(release)) {
                expected = MeasuredArtifact.of(in);
            }
            assertThat(first.digest()).isEqualTo(expected);
            assertThat(first.digest().size()).isEqualTo(Files.size(release));
            assertThat(first.uploaded()).isTrue();
            assertThat(opens).as("one pass to hash, one to upload").hasValue(2);
            assertThat(client.hasArtifact(expected.sha256())).isTrue();

            opens.set(0);
            ArtifactUploader.Shipment again = ArtifactUploader.hashThenUpload(api, counting(release, opens));

            assertThat(again.uploaded()).isFalse();
            assertThat(opens).as("the agent already holds it: hashed, not sent").hasValue(1);

            Deployment d = api.deploy(new DeployRequest(
                    again.digest().sha256(), "4.0.0", "blue-green", List.of(), Map.of()), "archived-build-1-step-5");
            Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> client.deployment(d.id()).isFinished());
            assertThat(client.status().release()).isEqualTo("4.0.0");
        }
    }

    @Test
    void bytesThatChangeBetweenHashAndUploadAreRefusedByTheAgent() throws Exception {
        assumeTrue(Files.isRegularFile(RealAgent.agentJar()), "needs the agent jar: build the whole reactor");
        try (RealAgent agent = RealAgent.start(home.resolve("agent"));
                AgentClient client = agent.client()) {
            AtomicInteger opens = new AtomicInteger();
            // The first pass (hash) sees one content, the second (upload) another of the same length.
            ArtifactUploader.Source changing = () -> new ByteArrayInputStream(
                    (opens.incrementAndGet() == 1 ? "release-A" : "release-B").getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> ArtifactUploader.hashThenUpload(DeploymentApi.of(client), changing))
                    .isInstanceOf(AgentClientException.class);
            try (InputStream in = new ByteArrayInputStream("release-A".getBytes(StandardCharsets.UTF_8))) {
                assertThat(client.hasArtifact(MeasuredArtifact.of(in).sha256())).isFalse();
            }
        }
    }
}
