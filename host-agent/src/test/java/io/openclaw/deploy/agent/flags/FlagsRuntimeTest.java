package io.openclaw.deploy.agent.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.agent.config.AgentConfigLoader;
import io.openclaw.deploy.agent.config.AgentHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagsRuntimeTest {
    @TempDir
    Path tmp;

    @Test
    void defaultsFromAgentYamlAndTheCurrentReleaseAndTheEndpointForTheLoops() throws Exception {
        AgentHome home = new AgentHome(tmp);
        Files.createDirectories(home.conf());
        Files.writeString(home.configFile(), """
                agent:
                  router_port: 0
                feature_flags:
                  - name: from_config
                    rollout_percentage: 100
                """);
        assertThat(AgentConfigLoader.load(home.configFile()).listen().routerPort()).as("the loader accepts the key").isZero();
        Files.createDirectories(home.release("1.0.0"));
        Files.writeString(home.release("1.0.0").resolve("flags.yaml"), """
                feature_flags:
                  - name: from_release
                    enabled: false
                """);

        try (FlagsRuntime flags = FlagsRuntime.start(home, "127.0.0.1", 0, "1.0.0", Clock.systemUTC())) {
            assertThat(flags.operations().list()).extracting(s -> s.flag().name())
                    .containsExactly("from_config", "from_release");
            assertThat(flags.operations().revisions("from_release").get(0).by()).isEqualTo("release 1.0.0");
            FlagsEndpoint endpoint = FlagsEndpoint.current(home).orElseThrow();
            assertThat(endpoint.url()).isEqualTo("http://127.0.0.1:" + flags.server().port());
            assertThat(endpoint.token()).isEqualTo(Files.readString(home.conf().resolve("flags-token")).strip());
            assertThat(endpoint.environment()).containsOnlyKeys("OPENCLAW_FLAGS_URL", "OPENCLAW_FLAGS_TOKEN");
            assertThat(endpoint.toString()).doesNotContain(endpoint.token());
        }
        assertThat(FlagsEndpoint.current(home)).as("no endpoint once the listener is closed").isEmpty();
    }

    @Test
    void aTakenPortFallsBackToAFreeOneAndTheLoopsAreToldWhich() throws Exception {
        AgentHome home = new AgentHome(tmp);
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                FlagsRuntime flags = FlagsRuntime.start(home, "127.0.0.1", taken.getLocalPort(), null, Clock.systemUTC())) {
            assertThat(flags.server().port()).isNotEqualTo(taken.getLocalPort()).isPositive();
            assertThat(FlagsEndpoint.current(home).orElseThrow().url()).endsWith(":" + flags.server().port());
        }
    }

    @Test
    void aBadDefaultFlagStopsTheStartNamingIt() throws Exception {
        AgentHome home = new AgentHome(tmp);
        Files.createDirectories(home.conf());
        Files.writeString(home.configFile(), """
                feature_flags:
                  - name: broken
                    rollout_percentage: 120
                """);
        assertThatThrownBy(() -> FlagsRuntime.start(home, "127.0.0.1", 0, null, Clock.systemUTC()))
                .isInstanceOfSatisfying(InvalidFlagException.class, e -> assertThat(e.field())
                        .isEqualTo("agent.yaml: feature_flags[0].rollout_percentage"));
        assertThat(FlagsEndpoint.current(home)).isEmpty();
    }
}
