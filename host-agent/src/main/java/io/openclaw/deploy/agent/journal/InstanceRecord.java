package io.openclaw.deploy.agent.journal;

import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import java.time.Instant;

/**
 * A process the agent owns, with what identifies it across an agent restart (pid alone is not enough: pids are
 * reused).
 */
public record InstanceRecord(InstanceSpec spec, long pid, Instant processStart) {
    public String id() {
        return spec.id();
    }
}
