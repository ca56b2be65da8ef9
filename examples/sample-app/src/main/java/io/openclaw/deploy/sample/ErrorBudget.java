package io.openclaw.deploy.sample;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which requests fail so that exactly {@code rate} of them do, spread evenly: over any run of n requests the
 * count of errors is within one of {@code n * rate}. Deterministic on purpose, so analysis tests are not at the
 * mercy of a random draw.
 */
final class ErrorBudget {
    private final double rate;
    private final AtomicLong served = new AtomicLong();

    ErrorBudget(double rate) {
        this.rate = rate;
    }

    boolean nextIsError() {
        if (rate <= 0) {
            return false;
        }
        long n = served.getAndIncrement();
        return (long) Math.floor((n + 1) * rate) > (long) Math.floor(n * rate);
    }
}
