package io.openclaw.deploy.protocol;

/**
 * One running process of a loop.
 *
 * @param weight share of the loop's traffic this instance receives, 0-100 (0 when out of rotation)
 */
public record InstanceStatus(
        String id, String version, String slot, int port, long pid, boolean healthy, int weight, String state) {}
