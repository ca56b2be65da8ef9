package io.openclaw.deploy.agent.flags;

import java.time.Instant;

/**
 * One numbered change of a flag: who made it, when, what it was, and the flag as it stood afterwards.
 *
 * @param change what happened: {@code set}, {@code delete}, {@code rollback to N}, {@code default}
 * @param origin where the change came from; once the API changed a flag, defaults no longer touch it
 * @param flag   the flag after the change, or null when the change deleted it
 */
public record FlagRevision(int revision, Instant at, String by, String change, Origin origin, Flag flag) {
    public enum Origin {
        /** The admin API (CLI, Jenkins). */
        API,
        /** A release's {@code flags.yaml}. */
        RELEASE,
        /** {@code agent.yaml}. */
        CONFIG
    }

    public boolean deleted() {
        return flag == null;
    }
}
