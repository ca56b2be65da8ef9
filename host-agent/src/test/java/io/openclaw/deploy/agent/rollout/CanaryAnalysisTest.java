package io.openclaw.deploy.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.config.RolloutConfig;
import io.openclaw.deploy.agent.rollout.CanaryAnalysis.Verdict;
import io.openclaw.deploy.agent.router.TrafficStats;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link CanaryAnalysis#judge}, the verdict a rollback hangs on: every trigger, its boundary, and their order. */
class CanaryAnalysisTest {
    /** min_requests 10, error_rate_max 0.05, latency_p95_max_ms 300, health_check.consecutive_failures 2. */
    private static final RolloutConfig CONFIG = config();

    private static RolloutConfig config() {
        RolloutConfig d = RolloutConfig.defaults();
        return new RolloutConfig(new RolloutConfig.Canary(d.canary().phases(), Duration.ofSeconds(1), 10, 0.05, 300,
                80, null, List.of(), null), d.rolling(), new RolloutConfig.Rollback(true, Duration.ofSeconds(2), 2),
                d.cutover());
    }

    record Row(String name, TrafficStats stats, List<String> unhealthy, int streak, Verdict verdict, String trigger,
               String summary) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static TrafficStats stats(long requests, long serverErrors, long routerErrors, long p95) {
        return new TrafficStats(requests, serverErrors, routerErrors, p95, Duration.ofSeconds(2));
    }

    static Stream<Row> rows() {
        List<String> none = List.of();
        List<String> sick = List.of("rag_loop-green-0", "rag_loop-green-1");
        return Stream.of(
                new Row("healthy, enough traffic within every threshold", stats(100, 1, 0, 120), none, 0,
                        Verdict.PASS, null,
                        "pass: error rate 0.0100 (1 of 100 requests), p95 120 ms over 2 s"),
                new Row("an unhealthy instance at the consecutive-failure limit fails whatever the traffic says",
                        stats(100, 0, 0, 10), sick, 2, Verdict.FAIL, "health_check",
                        "health check: rag_loop-green-0, rag_loop-green-1 unhealthy at 2 consecutive checks (limit 2)"),
                new Row("health comes before the lack of data", stats(0, 0, 0, 0), sick, 3, Verdict.FAIL,
                        "health_check", null),
                new Row("unhealthy below the limit is judged on its traffic", stats(100, 0, 0, 10), sick, 1,
                        Verdict.PASS, null, null),
                new Row("no requests at all is inconclusive", stats(0, 0, 0, 0), none, 0, Verdict.INCONCLUSIVE, null,
                        "inconclusive: 0 canary requests, 10 needed (error rate 0.0000 (0 of 0 requests), p95 0 ms"
                                + " over 2 s)"),
                new Row("too few requests is inconclusive even if they all failed", stats(9, 9, 0, 9000), none, 0,
                        Verdict.INCONCLUSIVE, null, null),
                new Row("exactly min_requests is enough to judge", stats(10, 0, 0, 50), none, 0, Verdict.PASS, null,
                        null),
                new Row("an error rate above the maximum fails", stats(210, 101, 0, 50), none, 0, Verdict.FAIL,
                        "error_rate", "error rate 0.4810 above 0.0500 (101 of 210 requests in 2 s)"),
                new Row("router errors (502, 503, 504) count as errors", stats(100, 2, 4, 50), none, 0, Verdict.FAIL,
                        "error_rate", "error rate 0.0600 above 0.0500 (6 of 100 requests in 2 s)"),
                new Row("an error rate at the maximum passes", stats(100, 5, 0, 50), none, 0, Verdict.PASS, null, null),
                new Row("a p95 above the maximum fails", stats(100, 0, 0, 301), none, 0, Verdict.FAIL, "latency",
                        "latency: p95 301 ms above 300 ms (100 requests in 2 s)"),
                new Row("a p95 at the maximum passes", stats(100, 0, 0, 300), none, 0, Verdict.PASS, null, null),
                new Row("errors and latency both bad: the error rate is the trigger", stats(100, 50, 0, 5000), none, 0,
                        Verdict.FAIL, "error_rate", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void judges(Row row) {
        CanaryAnalysis check = CanaryAnalysis.judge("rag_loop", "2.0.0", row.stats(), row.unhealthy(), row.streak(),
                CONFIG);

        assertThat(check.verdict()).isEqualTo(row.verdict());
        assertThat(check.trigger()).isEqualTo(row.trigger());
        if (row.summary() != null) {
            assertThat(check.summary()).isEqualTo(row.summary());
        }
        assertThat(check.data()).containsEntry("result", row.verdict().name().toLowerCase(Locale.ROOT))
                .containsEntry("requests", row.stats().requests())
                .containsEntry("unhealthyInstances", row.unhealthy());
    }
}
