package io.openclaw.deploy.sample;

import java.util.Map;

/** A fault's size read from the environment: a whole number from 0 to a maximum, 0 when the variable is not set. */
final class FaultCount {
    private FaultCount() {
    }

    /** @param unit what is counted, for the error message ("threads", "lines") */
    static int from(Map<String, String> env, String variable, String unit, int max) {
        String value = env.getOrDefault(variable, "0").trim();
        int count;
        try {
            count = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a whole number of " + unit + ": " + value);
        }
        if (count < 0 || count > max) {
            throw new IllegalArgumentException(variable + " must be between 0 and " + max + ": " + count);
        }
        return count;
    }
}
