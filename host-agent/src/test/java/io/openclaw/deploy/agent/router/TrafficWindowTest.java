package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrafficWindowTest {
    private static final long NOW = 1_800_000_000L;

    @Test
    void countsOutcomesInsideTheWindowOnly() {
        TrafficWindow window = new TrafficWindow();
        window.record(NOW - 120, StatusClass.SERVER_ERROR, 5);
        window.record(NOW - 30, StatusClass.SUCCESS, 5);
        window.record(NOW - 10, StatusClass.SERVER_ERROR, 5);
        window.record(NOW, StatusClass.ROUTER_ERROR, 5);
        window.record(NOW, StatusClass.CLIENT_ERROR, 5);

        TrafficStats lastMinute = window.stats(NOW, Duration.ofMinutes(1));

        assertThat(lastMinute.requests()).isEqualTo(4);
        assertThat(lastMinute.serverErrors()).isEqualTo(1);
        assertThat(lastMinute.routerErrors()).isEqualTo(1);
        assertThat(lastMinute.errorRate()).isEqualTo(0.5);
        assertThat(window.stats(NOW, Duration.ofMinutes(5)).requests()).isEqualTo(5);
    }

    @Test
    void p95IsTheBucketHoldingTheNinetyFifthPercentile() {
        TrafficWindow window = new TrafficWindow();
        for (int i = 0; i < 95; i++) {
            window.record(NOW, StatusClass.SUCCESS, 4);
        }
        for (int i = 0; i < 5; i++) {
            window.record(NOW, StatusClass.SUCCESS, 900);
        }

        assertThat(window.stats(NOW, Duration.ofSeconds(10)).p95LatencyMillis()).isEqualTo(4);

        window.record(NOW, StatusClass.SUCCESS, 900);

        assertThat(window.stats(NOW, Duration.ofSeconds(10)).p95LatencyMillis()).isEqualTo(1000);
    }

    @Test
    void aSecondFiveMinutesLaterReplacesTheOldBucket() {
        TrafficWindow window = new TrafficWindow();
        window.record(NOW, StatusClass.SERVER_ERROR, 1);
        long later = NOW + TrafficWindow.RETAINED_SECONDS;
        window.record(later, StatusClass.SUCCESS, 1);

        TrafficStats stats = window.stats(later, Duration.ofMinutes(5));

        assertThat(stats.requests()).isEqualTo(1);
        assertThat(stats.serverErrors()).isZero();
        assertThat(stats.window()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void emptyWindowHasZeroLatency() {
        assertThat(new TrafficWindow().stats(NOW, Duration.ofSeconds(30)))
                .isEqualTo(new TrafficStats(0, 0, 0, 0, Duration.ofSeconds(30)));
    }
}
