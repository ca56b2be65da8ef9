package io.openclaw.deploy.agent.supervisor;

import java.time.Duration;
import java.time.Instant;

/**
 * Delay before the n-th consecutive restart of a crashed instance: {@code initial * 2^(n-1)}, never more than
 * {@code max}; the count starts again once the instance has been healthy for {@code max} without interruption (a loop
 * that ran that long was not crash-looping). Pure, so that the policy is testable without processes.
 */
record RestartBackoff(Duration initial, Duration max) {

    RestartBackoff {
        if (initial.isNegative() || max.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("restart back-off needs 0 <= initial <= max, got " + initial + " and " + max);
        }
    }

    /** @param attempt 1 for the first restart after a healthy period */
    Duration delay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, got " + attempt);
        }
        Duration delay = initial;
        for (int i = 1; i < attempt && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** @return whether an instance healthy since {@code healthySince} has run long enough to forget its crashes */
    boolean isStable(Instant healthySince, Instant now) {
        return healthySince != null && Duration.between(healthySince, now).compareTo(max) >= 0;
    }
}
