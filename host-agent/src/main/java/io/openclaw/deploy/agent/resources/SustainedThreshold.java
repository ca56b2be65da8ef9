package io.openclaw.deploy.agent.resources;

import java.time.Duration;
import java.time.Instant;

/**
 * One figure of one instance against its limit: an alert once the figure has stayed above the limit for the whole
 * duration, and a clear once it has stayed at or below {@value #CLEAR_RATIO} of the limit for as long. The gap between
 * the two levels keeps a figure that hovers around the limit from alerting and clearing at every sample.
 */
final class SustainedThreshold {
    static final double CLEAR_RATIO = 0.9;

    enum Change { NONE, RAISED, CLEARED }

    private final double limit;
    private final Duration duration;
    private Instant aboveSince;
    private Instant calmSince;
    private boolean alerting;

    SustainedThreshold(double limit, Duration duration) {
        this.limit = limit;
        this.duration = duration;
    }

    Change observe(double value, Instant now) {
        if (!alerting) {
            if (value <= limit) {
                aboveSince = null;
                return Change.NONE;
            }
            if (aboveSince == null) {
                aboveSince = now;
            }
            if (lasted(aboveSince, now)) {
                alerting = true;
                calmSince = null;
                return Change.RAISED;
            }
            return Change.NONE;
        }
        if (value > limit * CLEAR_RATIO) {
            calmSince = null;
            return Change.NONE;
        }
        if (calmSince == null) {
            calmSince = now;
        }
        if (lasted(calmSince, now)) {
            alerting = false;
            aboveSince = null;
            return Change.CLEARED;
        }
        return Change.NONE;
    }

    boolean alerting() {
        return alerting;
    }

    double limit() {
        return limit;
    }

    /** Since when the figure has been above the limit (the alert's onset), or null when it is not. */
    Instant aboveSince() {
        return aboveSince;
    }

    private boolean lasted(Instant since, Instant now) {
        return Duration.between(since, now).compareTo(duration) >= 0;
    }
}
