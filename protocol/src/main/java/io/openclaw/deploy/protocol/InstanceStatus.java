package io.openclaw.deploy.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One running process of a loop.
 *
 * @param weight        share of the loop's traffic this instance receives, 0-100 (0 when out of rotation)
 * @param cpuPercent    the process's CPU over the last sample, as a share of the whole machine (0-100); absent until
 *                      the agent has sampled it twice
 * @param memoryBytes   the process's resident memory; absent until sampled
 * @param memoryPercent {@code memoryBytes} as a share of the machine's physical memory (0-100); absent until sampled
 */
public record InstanceStatus(
        String id, String version, String slot, int port, long pid, boolean healthy, int weight, String state,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double cpuPercent,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long memoryBytes,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double memoryPercent) {

    /** Without resource figures (not sampled yet, or from an agent that does not report them). */
    public InstanceStatus(
            String id, String version, String slot, int port, long pid, boolean healthy, int weight, String state) {
        this(id, version, slot, port, pid, healthy, weight, state, null, null, null);
    }
}
