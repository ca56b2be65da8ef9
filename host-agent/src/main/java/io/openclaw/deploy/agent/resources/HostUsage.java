package io.openclaw.deploy.agent.resources;

/**
 * The whole machine's figures at one sample.
 *
 * @param cpuPercent    CPU used since the previous sample by everything on the machine, 0-100
 * @param memoryPercent physical memory in use now, 0-100
 */
public record HostUsage(double cpuPercent, double memoryPercent) {}
