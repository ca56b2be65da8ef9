package io.openclaw.deploy.agent.verification;

import java.util.List;

/**
 * What one check measured and whether it is within its threshold; the {@link Verifier} turns a miss into a failure or,
 * for an item configured to warn only, a warning.
 *
 * @param within    whether the measurement is within the threshold
 * @param measured  the figure, with its unit
 * @param threshold what it was judged against
 * @param details   what is wrong, each entry naming its loop, instance or target
 */
record Finding(boolean within, String measured, String threshold, List<String> details) {
    Finding {
        details = List.copyOf(details);
    }

    static Finding pass(String measured, String threshold) {
        return new Finding(true, measured, threshold, List.of());
    }

    static Finding judged(List<String> problems, String measured, String threshold) {
        return new Finding(problems.isEmpty(), measured, threshold, problems);
    }
}
