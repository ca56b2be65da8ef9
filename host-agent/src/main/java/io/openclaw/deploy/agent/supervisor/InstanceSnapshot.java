package io.openclaw.deploy.agent.supervisor;

import io.openclaw.deploy.agent.ProcessIdentity;
import java.time.Instant;

/**
 * What the supervisor knows of an instance at one moment.
 *
 * @param process  the current process with what identifies it across agent restarts (pids are reused); null if none
 * @param restarts how many times it was relaunched after a crash
 */
public record InstanceSnapshot(
        InstanceSpec spec, ProcessIdentity process, InstanceState state, boolean healthy, int restarts) {
    /** The current process' pid, -1 if none. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** The current process' start time as the OS reported it, null if none. */
    public Instant processStart() {
        return process == null ? null : process.start();
    }
}
