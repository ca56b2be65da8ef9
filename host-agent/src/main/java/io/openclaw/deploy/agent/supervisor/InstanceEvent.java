package io.openclaw.deploy.agent.supervisor;

import java.time.Instant;

/** Something that happened to an instance; the agent journals the ones that change a pid and re-routes on health. */
public record InstanceEvent(Instant time, Kind kind, InstanceSnapshot instance, String detail) {
    public enum Kind {
        STARTED,
        ADOPTED,
        HEALTHY,
        UNHEALTHY,
        EXITED,
        RESTART_SCHEDULED,
        STOPPED
    }
}
