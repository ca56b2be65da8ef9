package io.openclaw.deploy.sample;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The {@code SAMPLE_LOG_ERRORS} fault: at start-up, before it listens, the loop writes that many error lines to its
 * output, as a release that logs a failure at start-up does; the agent's log check ({@code log_output}) judges them.
 */
final class LoggedErrors {
    static final String VARIABLE = "SAMPLE_LOG_ERRORS";
    private static final int MAX_LINES = 100_000;

    private LoggedErrors() {
    }

    static int from(Map<String, String> env) {
        return FaultCount.from(env, VARIABLE, "lines", MAX_LINES);
    }

    /** The lines, each matching the agent's default {@code log_error_pattern}. */
    static List<String> lines(int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> "ERROR injected failure " + i + " of " + count + " (" + VARIABLE + ")").toList();
    }
}
