package io.openclaw.deploy.agent.supervisor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.agent.config.AgentConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorSettingsTest {
    @TempDir
    Path logs;

    @Test
    void refusesAFailureThresholdBelowOne() {
        assertThatThrownBy(() -> new Supervisor(with(0, Duration.ofSeconds(2)), logs, e -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failure threshold");
    }

    @Test
    void refusesAZeroHealthInterval() {
        assertThatThrownBy(() -> new Supervisor(with(3, Duration.ZERO), logs, e -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("health interval");
    }

    private static AgentConfig.Supervision with(int failureThreshold, Duration healthInterval) {
        AgentConfig.Supervision d = AgentConfig.defaults().supervision();
        return new AgentConfig.Supervision(d.startTimeout(), d.drainTimeout(), d.stopTimeout(), healthInterval,
                d.healthTimeout(), failureThreshold, d.restartBackoffInitial(), d.restartBackoffMax(), d.logMaxBytes(),
                d.logKeepFiles());
    }
}
