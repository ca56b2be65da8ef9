package io.jenkins.plugins.openclaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.openclaw.core.MeasuredArtifact;
import io.jenkins.plugins.openclaw.core.ArtifactUploader;
import io.jenkins.plugins.openclaw.core.DeploymentApi;
import io.jenkins.plugins.openclaw.core.DeploymentSession;
import io.jenkins.plugins.openclaw.core.BuildLogLines;
import io.jenkins.plugins.openclaw.core.StepResults;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.ResumingFollower;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's Jenkins-free deployment logic against a real agent on loopback (the packaged jar, run as a process):
 * hash, upload once, deploy, follow the events into log lines, map the result, and re-attach without deploying twice.
 */
class LiveAgentSessionTest {
    @TempDir
    Path home;

    private static final class Recording implements DeploymentSession.Host {
        final List<String> lines = new ArrayList<>();
        final List<DeploymentEvent> events = new ArrayList<>();

        @Override
        public void log(String line) {
            lines.add(line);
        }

        @Override
        public void accepted(Deployment deployment) {
            lines.add("accepted " + deployment.id());
        }

        @Override
        public void event(DeploymentEvent event) {
            events.add(event);
            lines.add(BuildLogLines.render(event));
        }

        @Override
        public void checkpoint() {}
    }

    @Test
    void deploysFollowsAndReattachesAgainstARealAgent() throws Exception {
        assumeTrue(Files.isRegularFile(RealAgent.agentJar()), "needs the agent jar: build the whole reactor");
        // One loop of the sample app (2 processes to start, not 16): what is deployed is not what this test is about.
        Path release = TestReleases.variant(RealAgent.sampleRelease(), home.resolve("release.zip"), "3.1.0", Map.of(),
                Set.of("gmail_processor"));
        try (RealAgent agent = RealAgent.start(home.resolve("agent"));
                AgentClient client = agent.client()) {
            DeploymentApi api = DeploymentApi.of(client);
            MeasuredArtifact digest;
            try (InputStream in = Files.newInputStream(release)) {
                digest = MeasuredArtifact.of(in);
            }
            assertThat(ArtifactUploader.ensureUploaded(api, digest, () -> Files.newInputStream(release))).isTrue();
            assertThat(ArtifactUploader.ensureUploaded(api, digest, () -> Files.newInputStream(release))).isFalse();

            AtomicInteger starts = new AtomicInteger();
            DeploymentSession.Starter starter = a -> {
                starts.incrementAndGet();
                return a.deploy(new DeployRequest(digest.sha256(), "3.1.0", "blue-green", List.of(), Map.of()), "build-7-step-3");
            };
            DeploymentSession session = new DeploymentSession(api, ResumingFollower.standard(api));
            DeploymentSession.Progress progress = new DeploymentSession.Progress();
            Recording first = new Recording();
            Deployment done = session.run(starter, progress, Instant.now().plus(Duration.ofMinutes(3)), first);

            assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
            assertThat(StepResults.toMap(done))
                    .containsEntry("state", "SUCCEEDED")
                    .containsEntry("version", "3.1.0")
                    .containsKey("durationMillis");
            assertThat(first.lines).anyMatch(l -> l.startsWith(BuildLogLines.PREFIX) && l.contains("traffic switched"));
            assertThat(first.events).extracting(DeploymentEvent::seq).isSorted().doesNotHaveDuplicates();

            Recording resumed = new Recording();
            Deployment again = session.run(starter, progress, Instant.now().plus(Duration.ofMinutes(1)), resumed);

            assertThat(starts).as("a resumed step never deploys twice").hasValue(1);
            assertThat(again.id()).isEqualTo(done.id());
            assertThat(resumed.events).as("the log continues after the last event seen").isEmpty();
            assertThat(client.deployments()).hasSize(1);
            assertThat(client.status().release()).isEqualTo("3.1.0");
        }
    }
}
