package io.openclaw.deploy.agent.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.router.TrafficStats;
import io.openclaw.deploy.protocol.Availability;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvailabilityMeterTest {
    private static TrafficStats stats(long requests, long serverErrors, long routerErrors, long windowSeconds) {
        return new TrafficStats(requests, serverErrors, routerErrors, 0, Duration.ofSeconds(windowSeconds));
    }

    @Test
    void failuresAreLoopServerErrorsAndRouterErrorsAcrossEveryLoopAndVersion() {
        Availability a = AvailabilityMeter.combine(List.of(
                stats(6_000, 0, 0, 300),   // core_orchestrator 1.0.0
                stats(3_000, 1, 0, 300),   // gmail_processor 1.0.0
                stats(1_000, 0, 0, 300),   // gmail_processor 1.1.0 (canary)
                stats(0, 0, 0, 300),       // a version that served nothing
                stats(1, 0, 1, 300)));     // gmail_processor "": refused, no instance routed

        assertThat(a.requests()).isEqualTo(10_001);
        assertThat(a.failures()).isEqualTo(2);
        assertThat(a.ratio()).isEqualTo(9_999.0 / 10_001);
        assertThat(a.objective()).isEqualTo(0.9999);
        assertThat(a.met()).as("99.980 % < 99.99 %").isFalse();
        assertThat(a.windowSeconds()).isEqualTo(300);
    }

    @Test
    void oneFailureInTenThousandMeetsTheObjective() {
        Availability a = AvailabilityMeter.combine(List.of(stats(10_000, 1, 0, 300)));

        assertThat(a.ratio()).isEqualTo(0.9999);
        assertThat(a.met()).isTrue();
    }

    @Test
    void withoutRequestsThereIsNoFigureAndNoVerdict() {
        Availability a = AvailabilityMeter.combine(List.of(stats(0, 0, 0, 300), stats(0, 0, 0, 120)));

        assertThat(a.ratio()).isNull();
        assertThat(a.met()).isNull();
        assertThat(a.requests()).isZero();
        assertThat(a.windowSeconds()).as("the shortest window any figure covers").isEqualTo(120);
    }
}
