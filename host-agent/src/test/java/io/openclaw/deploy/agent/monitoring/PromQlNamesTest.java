package io.openclaw.deploy.agent.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {
    @Test
    void namesAreWhatIsNeitherAFunctionNorALabelNorAKeyword() {
        assertThat(PromQlNames.of("histogram_quantile(0.95, sum by (trigger, le) "
                + "(rate(openclaw_rollback_duration_seconds_bucket{le=~\"30(\\\\.0)?\"}[1h])))"))
                .containsExactly("openclaw_rollback_duration_seconds_bucket");
        assertThat(PromQlNames.of("0.5 * loop:openclaw_router_served:rate5m_avg1d{loop=\"gmail_processor\"} offset 1d"))
                .containsExactly("loop:openclaw_router_served:rate5m_avg1d");
        assertThat(PromQlNames.of("time() - openclaw_agent_start_time_seconds"))
                .containsExactly("openclaw_agent_start_time_seconds");
        assertThat(PromQlNames.of("openclaw_agent_loops_running < bool on (job) openclaw_agent_loops_assigned"))
                .containsExactly("openclaw_agent_loops_running", "openclaw_agent_loops_assigned");
        assertThat(PromQlNames.of("round(x * 1e6) and up{job=\"openclaw\"} unless changes(y[1m]) > 0"))
                .containsExactly("x", "up", "y");
    }
}
