package io.openclaw.deploy.agent.supervisor.windows;

import java.time.Instant;

/**
 * Name of a loop's Job Object, derived from the process it was made for: pid plus start time, so a restarted agent
 * finds the job of a loop it adopts ({@code OpenJobObject}) and never the job of an unrelated process that reused the
 * pid. {@code Local\} keeps it in the session's namespace (loops and the service share session 0).
 */
public final class JobNames {
    private JobNames() {}

    public static String forProcess(long pid, Instant start) {
        return "Local\\OpenClawLoop-" + pid + "-" + start.toEpochMilli();
    }
}
