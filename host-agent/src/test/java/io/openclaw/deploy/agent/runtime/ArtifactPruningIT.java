package io.openclaw.deploy.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.api.ApiToken;
import io.openclaw.deploy.agent.api.ControlServer;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.agent.testing.TestReleases;
import io.openclaw.deploy.agent.tls.TlsIdentity;
import io.openclaw.deploy.agent.tls.TlsIdentityStore;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentEndpoint;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentState;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent prunes the artifact of a release its retention removed (after a deployment or a scale-down); the
 * active and the previous releases keep theirs. The grace period is a second here: long enough for an upload to reach
 * its deploy call, short next to three deployments.
 */
class ArtifactPruningIT {
    private static final List<String> LOOPS = List.of("core_orchestrator");

    @TempDir
    Path tmp;

    private AgentRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void theArtifactOfAPrunedReleaseIsDeletedAfterTheNextDeployment() throws Exception {
        AgentHome home = new AgentHome(tmp.resolve("home"));
        TlsIdentity tls = TlsIdentityStore.create(home, Set.of("127.0.0.1"));
        String token = ApiToken.createFile(home.tokenFile());
        AgentConfig quick = TestConfigs.quick(Duration.ofSeconds(2));
        AgentConfig config = new AgentConfig(quick.listen(), quick.slots(), quick.supervision(),
                new AgentConfig.Releases(1, quick.releases().maxArtifactBytes(), Duration.ofSeconds(1)), quick.rollout());
        runtime = AgentRuntime.start(home, config, tls.fingerprint(), "test", Clock.systemUTC());
        ControlServer api = new ControlServer("127.0.0.1", 0, tls, ApiToken.of(token), runtime.operations()).start();
        runtime.closeWith(api);

        try (AgentClient client = new AgentClient(AgentEndpoint.of(api.baseUri(), token, tls.fingerprint()))) {
            String v1 = deploy(client, "1.0.0");
            String v2 = deploy(client, "1.1.0");
            assertThat(home.artifacts().resolve(v1 + ".zip")).as("the previous release's artifact").exists();
            String v3 = deploy(client, "1.2.0");

            assertThat(home.releases().resolve("1.0.0")).doesNotExist();
            // Pruned after the third deployment, or at the next scale-down if its grace had not passed by then.
            await().atMost(Duration.ofSeconds(60)).until(() -> !Files.exists(home.artifacts().resolve(v1 + ".zip")));
            assertThat(home.artifacts().resolve(v2 + ".zip")).exists();
            assertThat(home.artifacts().resolve(v3 + ".zip")).exists();
        }
    }

    private String deploy(AgentClient client, String version) throws Exception {
        Path zip = TestReleases.build(Files.createDirectories(tmp.resolve(version)), version, LOOPS, Map.of());
        String sha = TestReleases.sha256(zip);
        try (InputStream in = Files.newInputStream(zip)) {
            client.uploadArtifact(sha, Files.size(zip), in);
        }
        Deployment started = client.deploy(DeployRequest.of(sha), null);
        client.followEvents(started.id(), 0, e -> {});
        assertThat(client.deployment(started.id()).state()).isEqualTo(DeploymentState.SUCCEEDED);
        return sha;
    }
}
