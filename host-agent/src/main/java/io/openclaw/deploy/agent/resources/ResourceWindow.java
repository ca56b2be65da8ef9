package io.openclaw.deploy.agent.resources;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;

/**
 * CPU and memory of some processes and of the whole host, measured over one window (CPU is a difference of ticks,
 * so it needs two readings). The release verification (spec 10.2) of a deployment asks for both at the moment it
 * runs, for instances the {@link ResourceMonitor} has no figures of yet.
 */
public final class ResourceWindow {
    /**
     * @param processes         figures by pid, for the pids that could be measured
     * @param hostCpuPercent    the whole machine's CPU over the window, 0-100
     * @param hostMemoryPercent physical memory in use, 0-100
     * @param basis             when and over how long CPU was measured, in words for a report
     */
    public record Figures(Map<Long, ResourceUsage> processes, double hostCpuPercent, double hostMemoryPercent,
            String basis) {
        public Figures {
            processes = Map.copyOf(processes);
        }
    }

    private final ResourceSampler processes;
    private final CentralProcessor processor;
    private final GlobalMemory memory;

    /** @throws RuntimeException or LinkageError when OSHI cannot read this system */
    public ResourceWindow() {
        SystemInfo system = new SystemInfo();
        this.processes = new OshiSampler();
        this.processor = system.getHardware().getProcessor();
        this.memory = system.getHardware().getMemory();
    }

    public synchronized Figures measure(Set<Long> pids, Duration window) throws InterruptedException {
        processes.sample(pids);
        long[] ticks = processor.getSystemCpuLoadTicks();
        // The window is the measurement itself: CPU is what was used between the two readings.
        Thread.sleep(window.toMillis());
        Map<Long, ResourceUsage> figures = processes.sample(pids);
        double hostCpu = 100.0 * processor.getSystemCpuLoadBetweenTicks(ticks);
        long total = memory.getTotal();
        double hostMemory = total > 0 ? 100.0 * (total - memory.getAvailable()) / total : 0;
        return new Figures(figures, Math.min(100, Math.max(0, hostCpu)), hostMemory,
                "sampled over " + seconds(window) + " just now");
    }

    /** A duration as a report shows it, e.g. {@code 1.0 s}. */
    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
