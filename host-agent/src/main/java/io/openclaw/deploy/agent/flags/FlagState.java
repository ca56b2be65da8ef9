package io.openclaw.deploy.agent.flags;

import java.time.Instant;

/** A flag as it stands now, with the revision that made it so. */
public record FlagState(Flag flag, int revision, Instant updatedAt, String updatedBy) {
    static FlagState of(FlagRevision r) {
        return new FlagState(r.flag(), r.revision(), r.at(), r.by());
    }
}
