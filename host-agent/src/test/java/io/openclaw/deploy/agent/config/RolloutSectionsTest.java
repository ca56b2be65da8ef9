package io.openclaw.deploy.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutSectionsTest {
    private static AgentConfig read(String yaml) throws IOException {
        return AgentConfigLoader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "agent.yaml");
    }

    @Test
    void readsTheSpecsSections() throws IOException {
        RolloutConfig r = read("""
                rolling_update:
                  batch_size: 2
                  stabilization_seconds: 60
                  max_failures_per_batch: 1
                canary:
                  phases:
                    - percentage: 5
                      duration_minutes: 15
                    - percentage: 50
                      duration_seconds: 30
                    - percentage: 100
                  thresholds:
                    error_rate_max: 0.02
                    latency_p95_max_ms: 400
                    cpu_max_percent: 80
                rollback:
                  auto_rollback:
                    enabled: true
                    triggers:
                      error_rate: {threshold: 0.01, window_seconds: 30}
                      latency: {p95_threshold_ms: 500}
                      health_check: {consecutive_failures: 4}
                  procedures:
                    blue_green: {max_rollback_time_seconds: 5}
                    rolling: {max_rollback_time_seconds: 300}
                    canary: {max_rollback_time_seconds: 10}
                """).rollout();

        assertThat(r.rolling()).isEqualTo(new RolloutConfig.Rolling(2, Duration.ofSeconds(60), 1));
        assertThat(r.canary().phases()).containsExactly(
                new RolloutConfig.Phase(5, Duration.ofMinutes(15)),
                new RolloutConfig.Phase(50, Duration.ofSeconds(30)),
                new RolloutConfig.Phase(100, Duration.ZERO));
        assertThat(r.canary().errorRateMax()).isEqualTo(0.02);
        assertThat(r.canary().latencyP95MaxMs()).isEqualTo(400);
        assertThat(r.rollback()).isEqualTo(new RolloutConfig.Rollback(true, Duration.ofSeconds(30), 4));
    }

    @Test
    void anInconclusivePhasePausesByDefaultAndMayProceedOrRollBackPerDeployment() throws IOException {
        assertThat(RolloutConfig.defaults().canary().onInconclusive()).isEqualTo(RolloutConfig.OnInconclusive.PAUSE);
        assertThat(read("canary: {on_inconclusive: rollback}\n").rollout().canary().onInconclusive())
                .isEqualTo(RolloutConfig.OnInconclusive.ROLLBACK);
        assertThat(RolloutSections.withOptions(RolloutConfig.defaults(),
                Map.of("canary", Map.of("on_inconclusive", "proceed"))).canary().onInconclusive())
                .isEqualTo(RolloutConfig.OnInconclusive.PROCEED);
        assertThatThrownBy(() -> read("canary: {on_inconclusive: wait}\n"))
                .hasMessageContaining("canary.on_inconclusive must be pause, proceed or rollback, got 'wait'");
        assertThatThrownBy(() -> RolloutSections.withOptions(RolloutConfig.defaults(),
                Map.of("canary", Map.of("on_inconclusive", "hold"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("options: canary.on_inconclusive must be pause, proceed or rollback");
    }

    @Test
    void theDeploymentTimeoutIsADayByDefaultInAnyUnitAndPerDeployment() throws IOException {
        assertThat(RolloutConfig.defaults().rollback().deploymentTimeout()).isEqualTo(Duration.ofHours(24));
        assertThat(read("rollback: {deployment_timeout_minutes: 90}\n").rollout().rollback().deploymentTimeout())
                .isEqualTo(Duration.ofMinutes(90));
        RolloutConfig quick = RolloutSections.withOptions(RolloutConfig.defaults(),
                Map.of("rollback", Map.of("deployment_timeout_seconds", 20)));
        assertThat(quick.rollback().deploymentTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(quick.rollback().autoRollback()).isTrue();
        assertThatThrownBy(() -> read("rollback: {deployment_timeout_minutes: 0}\n"))
                .hasMessageContaining("rollback.deployment_timeout_minutes");
        assertThatThrownBy(() -> read("rollback: {deployment_timeout_minutes: 5, deployment_timeout_seconds: 5}\n"))
                .hasMessageContaining("give the duration once");
    }

    @Test
    void readsTheBlueGreenCutover() throws IOException {
        AgentConfig c = read("blue_green:\n  scale_down_delay_seconds: 5\n  cutover:\n    strategy: gradual\n"
                + "    gradual_steps: [10, 25, 50, 100]\n    step_duration_seconds: 30\n");
        assertThat(c.slots().scaleDownDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.rollout().cutover()).isEqualTo(
                new RolloutConfig.Cutover(true, List.of(10, 25, 50, 100), Duration.ofSeconds(30)));
        assertThat(c.rollout().cutover().phases()).extracting(RolloutConfig.Phase::percentage)
                .containsExactly(10, 25, 50, 100);
        assertThatThrownBy(() -> read("blue_green: {cutover: {strategy: sudden}}\n"))
                .hasMessageContaining("blue_green.cutover.strategy must be atomic or gradual");
        assertThatThrownBy(() -> read("blue_green: {cutover: {gradual_steps: [50, 20, 100]}}\n"))
                .hasMessageContaining("gradual_steps must rise");
        assertThatThrownBy(() -> RolloutSections.withOptions(RolloutConfig.defaults(),
                Map.of("blue_green", Map.of("scale_down_delay_seconds", 1))))
                .hasMessageContaining("blue_green.scale_down_delay_seconds is not a known setting");
    }

    @Test
    void canaryThresholdsDefaultToTheRollbackTriggers() throws IOException {
        RolloutConfig r = read("rollback: {auto_rollback: {triggers: {error_rate: {threshold: 0.05}, "
                + "latency: {p95_threshold_ms: 900}}}}\n").rollout();
        assertThat(r.canary().errorRateMax()).isEqualTo(0.05);
        assertThat(r.canary().latencyP95MaxMs()).isEqualTo(900);
    }

    @Test
    void renderedDefaultsReadBackUnchanged() throws IOException {
        AgentConfig d = AgentConfig.defaults();
        assertThat(read(AgentConfigLoader.render(d))).isEqualTo(d);
        RolloutConfig quick = RolloutSections.withOptions(d.rollout(), Map.of("canary", Map.of(
                "phases", List.of(Map.of("percentage", 10, "duration_seconds", 5), Map.of("percentage", 100)))));
        assertThat(read(AgentConfigLoader.render(d.withRollout(quick)))).isEqualTo(d.withRollout(quick));
    }

    @Test
    void badPhasesAreRefusedWithTheirPath() {
        assertThatThrownBy(() -> read("canary: {phases: [{percentage: 50, duration_seconds: 5}, {percentage: 40}]}\n"))
                .hasMessageContaining("canary.phases[1].percentage must be higher than the previous phase's 50");
        assertThatThrownBy(() -> read("canary: {phases: [{percentage: 50, duration_seconds: 5}]}\n"))
                .hasMessageContaining("must end with a phase at percentage 100");
        assertThatThrownBy(() -> read("canary: {phases: [{percentage: 50}, {percentage: 100}]}\n"))
                .hasMessageContaining("canary.phases[0] needs a duration");
        assertThatThrownBy(() -> read("canary: {thresholds: {error_rate_max: 2}}\n"))
                .hasMessageContaining("canary.thresholds.error_rate_max must be between 0.0 and 1.0");
    }

    @Test
    void optionsOverrideOnlyWhatTheyNameAndRefuseUnknownKeys() {
        RolloutConfig base = RolloutConfig.defaults();
        RolloutConfig o = RolloutSections.withOptions(base, Map.of("canary", Map.of("check_interval_seconds", 1,
                "thresholds", Map.of("error_rate_max", 0.2))));
        assertThat(o.canary().checkInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.canary().errorRateMax()).isEqualTo(0.2);
        assertThat(o.canary().phases()).isEqualTo(base.canary().phases());
        assertThat(o.rolling()).isEqualTo(base.rolling());

        assertThatThrownBy(() -> RolloutSections.withOptions(base, Map.of("canary", Map.of("phasez", 1))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("options: canary.phasez is not a known setting");
        assertThatThrownBy(() -> RolloutSections.withOptions(base, Map.of("agent", Map.of("router_port", 1))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("agent is not a known setting");
    }
}
