package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightTrackerTest {

    @Test
    void idleInstancesAreDrainedAtOnce() throws Exception {
        InFlightTracker tracker = new InFlightTracker();

        assertThat(tracker.awaitDrained(List.of("never-seen"), Duration.ZERO)).isTrue();
    }

    @Test
    void busyInstanceTimesOut() throws Exception {
        InFlightTracker tracker = new InFlightTracker();
        tracker.begin("a");

        assertThat(tracker.awaitDrained(List.of("a"), Duration.ofMillis(50))).isFalse();
        assertThat(tracker.inFlight("a")).isEqualTo(1);
    }

    @Test
    void waiterIsReleasedWhenTheLastRequestEnds() throws Exception {
        InFlightTracker tracker = new InFlightTracker();
        tracker.begin("a");
        tracker.begin("a");
        tracker.begin("b");

        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return tracker.awaitDrained(List.of("a", "b"), Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        tracker.end("a");
        tracker.end("b");
        assertThat(drained).isNotDone();

        tracker.end("a");

        assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(tracker.inFlight("a")).isZero();
    }
}
