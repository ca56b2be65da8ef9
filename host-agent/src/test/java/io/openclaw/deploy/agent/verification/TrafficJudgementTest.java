package io.openclaw.deploy.agent.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.router.TrafficStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The error rate and p95 items judge each loop's own figures over the router's window. */
class TrafficJudgementTest {
    private static final Duration WINDOW = Duration.ofSeconds(60);

    private static TrafficStats stats(long requests, long serverErrors, long routerErrors, long p95) {
        return new TrafficStats(requests, serverErrors, routerErrors, p95, WINDOW);
    }

    @Test
    void anErrorRateBelowTheLimitPassesWithItsFigure() {
        Map<String, TrafficStats> loops = new LinkedHashMap<>();
        loops.put("gmail_processor", stats(4000, 1, 0, 12));
        loops.put("tts_engine", stats(2000, 0, 0, 8));

        Finding f = ErrorRateCheck.judge(loops, 0.1, WINDOW);

        assertThat(f.within()).isTrue();
        assertThat(f.measured()).isEqualTo("0.017 % of 6000 requests");
        assertThat(f.threshold()).isEqualTo("< 0.1 % per loop over 60 s");
        assertThat(f.details()).isEmpty();
    }

    @Test
    void aLoopAtOrAboveTheLimitFailsAndIsNamedEvenWhenTheTotalIsLow() {
        Map<String, TrafficStats> loops = new LinkedHashMap<>();
        loops.put("gmail_processor", stats(100_000, 0, 0, 12));
        loops.put("voice_handler", stats(1000, 1, 0, 8));

        Finding f = ErrorRateCheck.judge(loops, 0.1, WINDOW);

        assertThat(f.within()).isFalse();
        assertThat(f.details()).containsExactly(
                "voice_handler: 0.1 % (1 of 1000 requests failed: 1 5xx, 0 router errors)");
    }

    @Test
    void routerErrorsCountAsFailures() {
        Finding f = ErrorRateCheck.judge(Map.of("browser_agent", stats(10, 0, 3, 5)), 0.1, WINDOW);

        assertThat(f.within()).isFalse();
        assertThat(f.details()).singleElement().asString().contains("3 router errors");
    }

    @Test
    void noTrafficPassesAndSaysSo() {
        Finding f = ErrorRateCheck.judge(Map.of("browser_agent", stats(0, 0, 0, 0)), 0.1, WINDOW);

        assertThat(f.within()).isTrue();
        assertThat(f.measured()).isEqualTo("no requests in the last 60 s");
    }

    @Test
    void aLimitOfZeroAllowsNoErrorButPassesACleanLoop() {
        assertThat(ErrorRateCheck.judge(Map.of("a", stats(10, 0, 0, 5)), 0, WINDOW).within()).isTrue();
        assertThat(ErrorRateCheck.judge(Map.of("a", stats(10_000_000, 1, 0, 5)), 0, WINDOW).within()).isFalse();
    }

    @Test
    void p95AtTheLimitPassesAboveItFailsNamingTheLoop() {
        Map<String, TrafficStats> loops = new LinkedHashMap<>();
        loops.put("gpt_interface", stats(500, 0, 0, 250));
        loops.put("stt_engine", stats(500, 0, 0, 200));
        loops.put("idle_loop", stats(0, 0, 0, 0));

        Finding f = LatencyCheck.judge(loops, 200, WINDOW);

        assertThat(f.within()).isFalse();
        assertThat(f.measured()).isEqualTo("highest p95 250 ms (gpt_interface)");
        assertThat(f.details()).containsExactly("gpt_interface: p95 250 ms over 500 requests");
        assertThat(LatencyCheck.judge(Map.of("stt_engine", stats(500, 0, 0, 200)), 200, WINDOW).within()).isTrue();
    }

    @Test
    void p95WithoutRequestsPasses() {
        Finding f = LatencyCheck.judge(Map.of("a", stats(0, 0, 0, 0)), 200, WINDOW);

        assertThat(f.within()).isTrue();
        assertThat(f.measured()).startsWith("no requests");
    }
}
