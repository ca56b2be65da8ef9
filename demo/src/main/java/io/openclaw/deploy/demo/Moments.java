package io.openclaw.deploy.demo;

import java.time.Duration;
import java.time.Instant;

/**
 * Places the agent's event times on the traffic's {@code nanoTime} scale. The demo's agent runs in this JVM on the
 * system clock, so the two differ only by a fixed offset (to the millisecond the clock gives).
 */
final class Moments {
    private Moments() {}

    static long nanoTimeOf(Instant time) {
        return System.nanoTime() - Duration.between(time, Instant.now()).toNanos();
    }

    static double millisBetween(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000.0;
    }
}
