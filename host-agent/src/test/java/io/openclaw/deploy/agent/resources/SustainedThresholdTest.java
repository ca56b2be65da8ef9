package io.openclaw.deploy.agent.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.resources.SustainedThreshold.Change;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SustainedThresholdTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final SustainedThreshold cpu = new SustainedThreshold(80, Duration.ofMinutes(2));

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void raisesOnlyOnceTheFigureHasStayedAboveForTheWholeDuration() {
        assertThat(cpu.observe(95, at(0))).isEqualTo(Change.NONE);
        assertThat(cpu.observe(95, at(60))).isEqualTo(Change.NONE);
        assertThat(cpu.observe(95, at(119))).isEqualTo(Change.NONE);
        assertThat(cpu.alerting()).isFalse();
        assertThat(cpu.observe(95, at(120))).isEqualTo(Change.RAISED);
        assertThat(cpu.alerting()).isTrue();
        assertThat(cpu.aboveSince()).isEqualTo(at(0));
        assertThat(cpu.observe(99, at(150))).as("raised once, not at every sample").isEqualTo(Change.NONE);
    }

    @Test
    void aDipToTheLimitStartsTheDurationAgain() {
        cpu.observe(95, at(0));
        cpu.observe(80, at(100)); // at the limit is not above it
        assertThat(cpu.observe(95, at(110))).isEqualTo(Change.NONE);
        assertThat(cpu.observe(95, at(200))).isEqualTo(Change.NONE);
        assertThat(cpu.observe(95, at(230))).isEqualTo(Change.RAISED);
    }

    @Test
    void clearsOnlyAfterStayingWellBelowForTheDuration() {
        cpu.observe(95, at(0));
        cpu.observe(95, at(120));
        // Just under the limit is not enough: the clear level is 90 % of it (72).
        assertThat(cpu.observe(75, at(130))).isEqualTo(Change.NONE);
        assertThat(cpu.observe(75, at(400))).isEqualTo(Change.NONE);
        assertThat(cpu.alerting()).isTrue();
        assertThat(cpu.observe(70, at(410))).isEqualTo(Change.NONE);
        assertThat(cpu.observe(76, at(500))).as("back above the clear level restarts the calm period")
                .isEqualTo(Change.NONE);
        assertThat(cpu.observe(10, at(510))).isEqualTo(Change.NONE);
        assertThat(cpu.observe(10, at(629))).isEqualTo(Change.NONE);
        assertThat(cpu.observe(10, at(630))).isEqualTo(Change.CLEARED);
        assertThat(cpu.alerting()).isFalse();
        assertThat(cpu.aboveSince()).isNull();
    }

    @Test
    void aFigureHoveringAroundTheLimitAfterAnAlertDoesNotFlap() {
        cpu.observe(95, at(0));
        assertThat(cpu.observe(95, at(120))).isEqualTo(Change.RAISED);
        for (int s = 125; s < 1000; s += 5) {
            assertThat(cpu.observe(s % 10 == 0 ? 79 : 81, at(s))).isEqualTo(Change.NONE);
        }
        assertThat(cpu.alerting()).isTrue();
    }

    @Test
    void canRaiseAgainAfterClearing() {
        cpu.observe(95, at(0));
        cpu.observe(95, at(120));
        cpu.observe(0, at(130));
        assertThat(cpu.observe(0, at(250))).isEqualTo(Change.CLEARED);
        assertThat(cpu.observe(90, at(260))).isEqualTo(Change.NONE);
        assertThat(cpu.observe(90, at(380))).isEqualTo(Change.RAISED);
    }
}
