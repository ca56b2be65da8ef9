package io.openclaw.deploy.agent.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.router.TrafficStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The metrics item expects the loops gauge, and the router's series of every loop that had traffic. */
class MetricsJudgementTest {
    private static final String SCRAPE = String.join("\n",
            "# HELP openclaw_agent_loops_running Loops with at least one healthy instance taking traffic",
            "# TYPE openclaw_agent_loops_running gauge",
            "openclaw_agent_loops_running 2.0",
            "openclaw_router_requests_total{loop=\"gmail_processor\",slot=\"blue\",status_class=\"2xx\",version=\"1.0.0\"} 12.0",
            "openclaw_router_request_duration_seconds_count{loop=\"gmail_processor\",slot=\"blue\",version=\"1.0.0\"} 12",
            "");

    @Test
    void theScrapesSeriesAreReadWithTheirLoop() {
        assertThat(Exposition.series(SCRAPE)).contains("openclaw_agent_loops_running",
                "openclaw_router_requests_total", "openclaw_router_requests_total{loop=\"gmail_processor\"}",
                "openclaw_router_request_duration_seconds_count{loop=\"gmail_processor\"}");
    }

    @Test
    void loopsWithTrafficMustShowInTheRoutersSeries() {
        Map<String, TrafficStats> traffic = new LinkedHashMap<>();
        traffic.put("gmail_processor", new TrafficStats(12, 0, 0, 5, Duration.ofSeconds(60)));
        traffic.put("tts_engine", new TrafficStats(3, 0, 0, 5, Duration.ofSeconds(60)));
        traffic.put("idle", new TrafficStats(0, 0, 0, 0, Duration.ofSeconds(60)));

        Set<String> expected = MetricsCheck.expected(traffic);
        Finding f = MetricsCheck.judge(expected, Exposition.series(SCRAPE));

        assertThat(expected).hasSize(5).doesNotContain("openclaw_router_requests_total{loop=\"idle\"}");
        assertThat(f.within()).isFalse();
        assertThat(f.measured()).isEqualTo("3/5 expected series present");
        assertThat(f.details()).containsExactly(
                "openclaw_router_requests_total{loop=\"tts_engine\"} is missing",
                "openclaw_router_request_duration_seconds_count{loop=\"tts_engine\"} is missing");
    }

    @Test
    void aScrapeWithEverythingExpectedPasses() {
        Finding f = MetricsCheck.judge(MetricsCheck.expected(Map.of()), Exposition.series(SCRAPE));

        assertThat(f.within()).isTrue();
        assertThat(f.measured()).isEqualTo("1/1 expected series present");
    }
}
