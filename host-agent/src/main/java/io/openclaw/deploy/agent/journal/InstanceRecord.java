package io.openclaw.deploy.agent.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.openclaw.deploy.agent.ProcessIdentity;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import java.time.Instant;

/**
 * A process the agent owns, with what identifies it across an agent restart (pid alone is not enough: pids are
 * reused). Flat on disk: {@code processBootTicks} and {@code launchedBy} were added later and are absent from older
 * journals ({@code processBootTicks} also on Windows).
 *
 * @param launchedBy the deployment that was running when the instance was launched, or null (none, or an older
 *     journal): a restarted agent tells an interrupted deployment's instances by it, whatever the clock did since
 */
public record InstanceRecord(
        InstanceSpec spec, long pid, Instant processStart,
        @JsonInclude(JsonInclude.Include.NON_NULL) String processBootTicks,
        @JsonInclude(JsonInclude.Include.NON_NULL) String launchedBy) {
    /** The instance's record; {@code process} null (none running) records pid -1. */
    public static InstanceRecord of(InstanceSpec spec, ProcessIdentity process) {
        if (process == null) {
            return new InstanceRecord(spec, -1, null, null, null);
        }
        return new InstanceRecord(spec, process.pid(), process.start(), process.bootTicks(), null);
    }

    public InstanceRecord withLaunchedBy(String deploymentId) {
        return new InstanceRecord(spec, pid, processStart, processBootTicks, deploymentId);
    }

    public String id() {
        return spec.id();
    }

    public ProcessIdentity process() {
        return new ProcessIdentity(pid, processStart, processBootTicks);
    }
}
