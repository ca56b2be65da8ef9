package io.openclaw.deploy.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which requests fail so that exactly {@code rate} of them do, spread evenly: over any run of n requests the
 * count of errors is within one of {@code n * rate}. Deterministic on purpose, so analysis tests are not at the
 * mercy of a random draw.
 */
final class ErrorBudget {
    // Decimal, not double: 100 * 0.29 is 28.999999999999996 in binary floating point, which would lose an error.
    private final BigDecimal rate;
    private final AtomicLong served = new AtomicLong();

    ErrorBudget(double rate) {
        this.rate = BigDecimal.valueOf(rate);
    }

    /** The first n requests hold floor(n * rate) errors; request n+1 is one when that count grows. */
    boolean nextIsError() {
        if (rate.signum() <= 0) {
            return false;
        }
        long n = served.getAndIncrement();
        return errorsIn(n + 1) > errorsIn(n);
    }

    private long errorsIn(long requests) {
        return BigDecimal.valueOf(requests).multiply(rate).setScale(0, RoundingMode.FLOOR).longValueExact();
    }
}
