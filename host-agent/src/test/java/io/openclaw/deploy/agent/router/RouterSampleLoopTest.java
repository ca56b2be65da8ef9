package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router in front of real sample loop processes: weighted split and per-version outcome accounting. */
class RouterSampleLoopTest {
    private RouterFixture fixture;
    private SampleLoopProcess stable;
    private SampleLoopProcess failing;

    @BeforeEach
    void start() throws Exception {
        fixture = RouterFixture.started();
        stable = SampleLoopProcess.start("mail", "v1", "blue", Map.of());
        failing = SampleLoopProcess.start("mail", "v2", "green", Map.of("SAMPLE_ERROR_RATE", "1"));
    }

    @AfterEach
    void stop() {
        fixture.close();
        if (stable != null) {
            stable.close();
        }
        if (failing != null) {
            failing.close();
        }
    }

    @Test
    void weightedSplitAndOutcomesPerVersion() {
        fixture.route("mail", stable.backend("mail-blue-0", 3), failing.backend("mail-green-0", 1));

        Map<Integer, Integer> statuses = new HashMap<>();
        int fromV1 = 0;
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> response = fixture.get("/loops/mail/inbox?page=" + i);
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.body().contains("\"version\":\"v1\"")) {
                assertThat(response.body()).contains("\"loop\":\"mail\"", "\"path\":\"/inbox\"");
                fromV1++;
            }
        }

        assertThat(fromV1).isEqualTo(30);
        assertThat(statuses).containsEntry(200, 30).containsEntry(500, 10);
        TrafficStats v1 = fixture.router.trafficStats("mail", "v1", Duration.ofMinutes(1));
        TrafficStats v2 = fixture.router.trafficStats("mail", "v2", Duration.ofMinutes(1));
        assertThat(v1.requests()).isEqualTo(30);
        assertThat(v1.serverErrors()).isZero();
        assertThat(v2.requests()).isEqualTo(10);
        assertThat(v2.serverErrors()).isEqualTo(10);
        assertThat(v2.p95LatencyMillis()).isPositive();
        assertThat(fixture.metricsText()).containsPattern(
                "openclaw_router_requests_total\\{loop=\"mail\",slot=\"green\",status_class=\"5xx\",version=\"v2\"} 10");
    }
}
