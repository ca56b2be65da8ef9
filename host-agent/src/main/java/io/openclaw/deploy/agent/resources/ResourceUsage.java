package io.openclaw.deploy.agent.resources;

/**
 * One process's figures at one sample.
 *
 * @param cpuPercent    CPU used since the previous sample, as a share of the whole machine (all logical processors,
 *                      0-100), the way Windows Task Manager shows it
 * @param memoryBytes   resident memory (working set on Windows, RSS on Linux)
 * @param memoryPercent {@code memoryBytes} as a share of the machine's physical memory, 0-100
 */
public record ResourceUsage(double cpuPercent, long memoryBytes, double memoryPercent) {}
