package io.openclaw.deploy.agent.supervisor;

import java.time.Instant;

/**
 * What the supervisor knows of an instance at one moment.
 *
 * @param pid          of the current process, -1 if none
 * @param processStart start instant reported by the OS for that pid; with the pid it identifies the process across
 *                     agent restarts (pids are reused)
 * @param restarts     how many times it was relaunched after a crash
 */
public record InstanceSnapshot(
        InstanceSpec spec, long pid, Instant processStart, InstanceState state, boolean healthy, int restarts) {}
