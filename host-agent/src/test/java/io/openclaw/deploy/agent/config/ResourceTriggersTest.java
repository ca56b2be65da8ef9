package io.openclaw.deploy.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceTriggersTest {
    private static RolloutConfig.ResourceAlerts read(String yaml) throws IOException {
        return AgentConfigLoader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "agent.yaml")
                .rollout().rollback().resources();
    }

    @Test
    void defaultsAreTheSpecsEightyAndEightyFivePercentForTwoMinutes() throws IOException {
        assertThat(read("{}\n")).isEqualTo(
                new RolloutConfig.ResourceAlerts(80, Duration.ofMinutes(2), 85, Duration.ofMinutes(2)));
    }

    @Test
    void readsBothTriggersInMinutesOrSeconds() throws IOException {
        assertThat(read("""
                rollback:
                  auto_rollback:
                    triggers:
                      cpu_usage: {threshold_percent: 70, duration_minutes: 3}
                      memory_usage: {threshold_percent: 90.5, duration_seconds: 45}
                """)).isEqualTo(new RolloutConfig.ResourceAlerts(70, Duration.ofMinutes(3), 90.5,
                Duration.ofSeconds(45)));
    }

    @Test
    void refusesBadValuesNamingTheKey() {
        assertThatThrownBy(() -> read("rollback: {auto_rollback: {triggers: {cpu_usage: {threshold_percent: 120}}}}\n"))
                .hasMessageContaining("rollback.auto_rollback.triggers.cpu_usage.threshold_percent");
        assertThatThrownBy(() -> read("rollback: {auto_rollback: {triggers: {memory_usage: {for_minutes: 2}}}}\n"))
                .hasMessageContaining("rollback.auto_rollback.triggers.memory_usage.for_minutes");
        assertThatThrownBy(() -> read(
                "rollback: {auto_rollback: {triggers: {cpu_usage: {duration_seconds: 5, duration_minutes: 1}}}}\n"))
                .hasMessageContaining("give the duration once");
    }

    @Test
    void theWrittenDefaultFileReadsBackTheSameTriggers() throws IOException {
        String written = AgentConfigLoader.render(AgentConfig.defaults());
        assertThat(written).contains("cpu_usage:").contains("memory_usage:");
        assertThat(read(written)).isEqualTo(RolloutConfig.ResourceAlerts.DEFAULTS);
    }

    @Test
    void aDeploymentCannotChangeTheAgentWideTriggers() {
        assertThatThrownBy(() -> RolloutSections.withOptions(RolloutConfig.defaults(), Map.of("rollback",
                Map.of("auto_rollback", Map.of("triggers", Map.of("cpu_usage", Map.of("threshold_percent", 50)))))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cpu_usage and memory_usage are the agent's");
        assertThat(RolloutSections.withOptions(RolloutConfig.defaults(), Map.of("rollback",
                Map.of("auto_rollback", Map.of("enabled", false)))).rollback().resources())
                .isEqualTo(RolloutConfig.ResourceAlerts.DEFAULTS);
    }
}
