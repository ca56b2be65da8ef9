package io.openclaw.deploy.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigLoaderTest {
    @TempDir
    Path dir;

    AgentConfig load(String yaml) throws IOException {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, yaml);
        return AgentConfigLoader.load(file);
    }

    ConfigException failure(String yaml) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> load(yaml));
        assertThat(t).isInstanceOf(ConfigException.class);
        return (ConfigException) t;
    }

    @Test
    void emptyFileMeansDefaults() throws IOException {
        assertThat(load("")).isEqualTo(AgentConfig.defaults());
        assertThat(load("# nothing but a comment\n")).isEqualTo(AgentConfig.defaults());
        assertThat(load("agent:\nblue_green:\n")).isEqualTo(AgentConfig.defaults());
    }

    @Test
    void readsTheSpecShape() throws IOException {
        AgentConfig c = load("""
                agent: {bind: 0.0.0.0, router_port: 9080, api_port: 9443}
                blue_green:
                  environments:
                    blue:  {port_range: [9000, 9014]}
                    green: {port_range: [9020, 9034]}
                  extra_port_range: [9040, 9199]
                  scale_down_delay_seconds: 45
                supervisor: {start_timeout_seconds: 61, drain_timeout_seconds: 31, stop_timeout_seconds: 11,
                             health: {interval_seconds: 3, timeout_seconds: 6, consecutive_failures: 4},
                             restart_backoff: {initial_seconds: 2, max_seconds: 40}, logs: {max_file_bytes: 2048, keep_files: 7}}
                releases: {keep: 8, max_artifact_bytes: 4096}
                """);
        assertThat(c.listen()).isEqualTo(new AgentConfig.Listen("0.0.0.0", 9080, 9443));
        assertThat(c.slots()).isEqualTo(new AgentConfig.Slots(
                new PortRange(9000, 9014), new PortRange(9020, 9034), new PortRange(9040, 9199), Duration.ofSeconds(45)));
        assertThat(c.supervision()).isEqualTo(new AgentConfig.Supervision(
                Duration.ofSeconds(61), Duration.ofSeconds(31), Duration.ofSeconds(11), Duration.ofSeconds(3),
                Duration.ofSeconds(6), 4, Duration.ofSeconds(2), Duration.ofSeconds(40), 2048, 7));
        assertThat(c.releases()).isEqualTo(new AgentConfig.Releases(8, 4096));
    }

    @Test
    void readsTheRouterLimitsWithPerLoopBodyLimits() throws IOException {
        AgentConfig c = load("""
                router:
                  header_timeout_ms: 1500
                  idle_timeout_seconds: 30
                  max_connections: 100
                  max_request_body_bytes: 1024
                  loops:
                    memory_manager: {max_request_body_bytes: 52428800}
                """);
        assertThat(c.routerLimits()).isEqualTo(new AgentConfig.RouterLimits(Duration.ofMillis(1500),
                Duration.ofSeconds(30), 100, 1024, java.util.Map.of("memory_manager", 52_428_800L)));
        assertThat(AgentConfigLoader.render(c)).contains("header_timeout_ms: 1500", "memory_manager:");
        assertThat(AgentConfigLoader.read(new java.io.ByteArrayInputStream(AgentConfigLoader.render(c)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)), "agent.yaml")).isEqualTo(c);
        assertThat(failure("router: {loops: {Mail: {max_request_body_bytes: 1}}}\n").getMessage())
                .contains("router.loops.Mail is not a loop name");
        assertThat(failure("router: {loops: {mail: {max_body: 1}}}\n").getMessage())
                .contains("router.loops.mail.max_body is not a known setting");
        assertThat(failure("router: {max_connections: 0}\n").getMessage()).contains("router.max_connections");
    }

    @Test
    void theArtifactGracePeriodTakesMinutesOrSeconds() throws IOException {
        assertThat(load("releases: {artifact_grace_minutes: 90}\n").releases().artifactGrace())
                .isEqualTo(Duration.ofMinutes(90));
        assertThat(load("releases: {artifact_grace_seconds: 45}\n").releases().artifactGrace())
                .isEqualTo(Duration.ofSeconds(45));
        assertThat(AgentConfig.defaults().releases().artifactGrace()).isEqualTo(Duration.ofHours(24));
        assertThat(failure("releases: {artifact_grace_minutes: 0}\n").getMessage()).contains("artifact_grace_minutes");
    }

    @Test
    void absentKeysKeepTheirDefaults() throws IOException {
        AgentConfig c = load("agent:\n  router_port: 0\nsupervisor:\n  health:\n    consecutive_failures: 5\n");
        AgentConfig d = AgentConfig.defaults();
        assertThat(c.listen()).isEqualTo(new AgentConfig.Listen("127.0.0.1", 0, 7443));
        assertThat(c.supervision().failureThreshold()).isEqualTo(5);
        assertThat(c.supervision().healthInterval()).isEqualTo(d.supervision().healthInterval());
        assertThat(c.slots()).isEqualTo(d.slots());
        assertThat(c.releases()).isEqualTo(d.releases());
    }

    @Test
    void unknownKeysNameKeyAndLine() {
        assertThat(failure("agent:\n  bind: 127.0.0.1\n  routerport: 1\n").getMessage())
                .startsWith("agent.yaml line 3, column 3: agent.routerport is not a known setting");
        assertThat(failure("canaries: {}\n").getMessage()).startsWith("agent.yaml line 1, column 1: canaries is not a known setting");
        assertThat(failure("blue_green:\n  environments:\n    red: {port_range: [1, 2]}\n").getMessage())
                .contains("line 3").contains("blue_green.environments.red is not a known setting");
        assertThat(failure("supervisor:\n  logs:\n    keep: 3\n").getMessage()).contains("supervisor.logs.keep is not a known setting");
    }

    @Test
    void badValuesNameKeyAndLine() {
        assertThat(failure("agent:\n  router_port: 70000\n").getMessage())
                .isEqualTo("agent.yaml line 2, column 16: agent.router_port must be between 0 and 65535, got 70000");
        assertThat(failure("agent: {api_port: http}\n").getMessage()).contains("agent.api_port must be a whole number, got 'http'");
        assertThat(failure("agent: {router_port: 9000, api_port: 9000}\n").getMessage()).contains("must differ from agent.router_port");
        assertThat(failure("agent: {bind: \"\"}\n").getMessage()).contains("agent.bind must be");
        assertThat(failure("supervisor: {stop_timeout_seconds: 0}\n").getMessage())
                .contains("supervisor.stop_timeout_seconds must be between 1 and");
        assertThat(failure("supervisor: {restart_backoff: {initial_seconds: 10, max_seconds: 5}}\n").getMessage())
                .contains("supervisor.restart_backoff.max_seconds must be at least initial_seconds");
        assertThat(failure("releases: {keep: 0}\n").getMessage()).contains("releases.keep must be between 1 and 1000, got 0");
        assertThat(failure("agent: [1]\n").getMessage()).contains("agent must be a mapping");
        assertThat(failure("agent:\n  bind: a\n  bind: b\n").getMessage()).contains("line 3").contains("given twice");
    }

    @Test
    void portRangesAreChecked() {
        assertThat(failure("blue_green: {extra_port_range: [8010, 8100]}\n").getMessage())
                .contains("blue_green.extra_port_range overlaps blue_green.environments.blue.port_range [8000, 8014]");
        assertThat(failure("blue_green:\n  environments:\n    green: {port_range: [8014, 8020]}\n").getMessage())
                .startsWith("agent.yaml line 3")
                .contains("blue_green.environments.green.port_range overlaps blue_green.environments.blue.port_range");
        assertThat(failure("agent: {router_port: 8005}\n").getMessage())
                .contains("blue_green.environments.blue.port_range contains agent.router_port 8005");
        assertThat(failure("agent: {api_port: 8030}\n").getMessage())
                .contains("blue_green.environments.green.port_range contains agent.api_port 8030");
        assertThat(failure("blue_green: {extra_port_range: [9000]}\n").getMessage()).contains("must be [first, last]");
        assertThat(failure("blue_green: {extra_port_range: [9100, 9000]}\n").getMessage()).contains("first <= last");
        assertThat(failure("blue_green: {extra_port_range: [0, 9000]}\n").getMessage())
                .contains("blue_green.extra_port_range[0] must be between 1 and 65535, got 0");
    }

    @Test
    void extraRangeMaySpanTheListenPortsWhichAreNotHandedOut() throws IOException {
        AgentConfig d = AgentConfig.defaults();
        assertThat(d.slots().extraPorts().contains(d.listen().routerPort())).isTrue();
        assertThat(d.allocatableExtraPorts()).doesNotContain(8080).contains(8040, 8079, 8081, 8199).hasSize(159);
        AgentConfig c = load("agent: {api_port: 8100}\n");
        assertThat(c.allocatableExtraPorts()).doesNotContain(8080, 8100).hasSize(158);
    }

    @Test
    void syntaxErrorsNameTheLine() {
        assertThat(failure("agent:\n  bind: [unclosed\n").getMessage()).startsWith("agent.yaml line ").contains("not valid YAML");
    }

    @Test
    void writtenDefaultReadsBackToTheSameValues() throws IOException {
        Path file = dir.resolve("conf/agent.yaml");
        AgentConfigLoader.writeDefault(file, "::1", 18080, 17443);
        String text = Files.readString(file);
        assertThat(text).contains("# ").contains("router_port: 18080").contains("scale_down_delay_seconds: 30")
                .contains("max_artifact_bytes: 1073741824").contains("consecutive_failures: 3");
        AgentConfig d = AgentConfig.defaults();
        assertThat(AgentConfigLoader.load(file))
                .isEqualTo(new AgentConfig(new AgentConfig.Listen("::1", 18080, 17443), d.slots(), d.supervision(), d.releases()));

        AgentConfigLoader.writeDefault(file, "127.0.0.1", 8080, 7443);
        assertThat(AgentConfigLoader.load(file)).isEqualTo(d);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void everyDefaultKeyIsCommented() {
        String[] lines = AgentConfigLoader.render(AgentConfig.defaults()).split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].matches("\\s*[a-z_]+: .+")) {
                assertThat(lines[i - 1].trim()).as("comment above %s", lines[i]).startsWith("#");
            }
        }
    }

    @Test
    void writingAConfigurationLoadWouldRefuseWritesNothing() {
        Path file = dir.resolve("agent.yaml");
        assertThatThrownBy(() -> AgentConfigLoader.writeDefault(file, "127.0.0.1", 8001, 7443))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("contains agent.router_port 8001");
        assertThat(file).doesNotExist();
    }

    @Test
    void durationsMayUseAnyUnitTheSpecUses() throws IOException {
        var tree = io.openclaw.deploy.agent.config.yaml.YamlTree.parse(new java.io.ByteArrayInputStream(
                "a: {window_minutes: 2}\nb: {window_seconds: 5, window_minutes: 1}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        var root = io.openclaw.deploy.agent.config.yaml.YamlObject.root(tree, false);
        assertThat(root.object("a").durationInAnyUnit("window", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> root.object("b").durationInAnyUnit("window", Duration.ZERO))
                .hasMessageContaining("b.window_minutes repeats b.window_seconds");
    }
}
