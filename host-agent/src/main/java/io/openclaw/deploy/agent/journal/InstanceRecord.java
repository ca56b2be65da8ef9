package io.openclaw.deploy.agent.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.openclaw.deploy.agent.ProcessIdentity;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import java.time.Instant;

/**
 * A process the agent owns, with what identifies it across an agent restart (pid alone is not enough: pids are
 * reused). Flat on disk: {@code processBootTicks} was added later and is absent from older journals (and on Windows).
 */
public record InstanceRecord(
        InstanceSpec spec, long pid, Instant processStart,
        @JsonInclude(JsonInclude.Include.NON_NULL) String processBootTicks) {
    /** The instance's record; {@code process} null (none running) records pid -1. */
    public static InstanceRecord of(InstanceSpec spec, ProcessIdentity process) {
        if (process == null) {
            return new InstanceRecord(spec, -1, null, null);
        }
        return new InstanceRecord(spec, process.pid(), process.start(), process.bootTicks());
    }

    public String id() {
        return spec.id();
    }

    public ProcessIdentity process() {
        return new ProcessIdentity(pid, processStart, processBootTicks);
    }
}
