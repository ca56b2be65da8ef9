package io.openclaw.deploy.agent.resources;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/** The real sampler: OSHI's view of each process (Windows performance data, {@code /proc} on Linux). */
public final class OshiSampler implements ResourceSampler {
    private final OperatingSystem os;
    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private final int processors;
    private final long totalMemory;
    private final Map<Long, OSProcess> previous = new HashMap<>();
    private long[] previousTicks;

    public OshiSampler() {
        SystemInfo system = new SystemInfo();
        this.os = system.getOperatingSystem();
        this.processor = system.getHardware().getProcessor();
        this.memory = system.getHardware().getMemory();
        this.processors = Math.max(1, processor.getLogicalProcessorCount());
        this.totalMemory = memory.getTotal();
    }

    @Override
    public synchronized Map<Long, ResourceUsage> sample(Set<Long> pids) {
        Map<Long, ResourceUsage> figures = new HashMap<>();
        Map<Long, OSProcess> now = new HashMap<>();
        for (long pid : pids) {
            OSProcess process = os.getProcess((int) pid);
            if (process == null) {
                continue;
            }
            now.put(pid, process);
            OSProcess before = previous.get(pid);
            // A reused pid is another process: its ticks cannot be compared with the old one's.
            if (before == null || before.getStartTime() != process.getStartTime()) {
                continue;
            }
            // OSHI sums over processors (a busy two-thread process is 2.0); the share of the machine divides by them.
            double cpu = 100.0 * process.getProcessCpuLoadBetweenTicks(before) / processors;
            long resident = process.getResidentSetSize();
            double memory = totalMemory > 0 ? 100.0 * resident / totalMemory : 0;
            figures.put(pid, new ResourceUsage(Math.min(100, Math.max(0, cpu)), resident, memory));
        }
        previous.clear();
        previous.putAll(now);
        return figures;
    }

    @Override
    public synchronized Optional<HostUsage> sampleHost() {
        long[] ticks = processor.getSystemCpuLoadTicks();
        long[] before = previousTicks;
        previousTicks = ticks;
        if (before == null) {
            return Optional.empty();
        }
        double cpu = 100.0 * processor.getSystemCpuLoadBetweenTicks(before);
        double used = totalMemory > 0 ? 100.0 * (totalMemory - memory.getAvailable()) / totalMemory : 0;
        return Optional.of(new HostUsage(Math.min(100, Math.max(0, cpu)), used));
    }
}
