package io.openclaw.deploy.agent.resources;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The latest figures of each running instance, by instance id. */
@FunctionalInterface
public interface ResourceFigures {
    ResourceFigures NONE = instanceId -> Optional.empty();

    Optional<ResourceUsage> usage(String instanceId);

    /**
     * The highest CPU and memory among {@code instanceIds} (the instance closest to an alert), as event data under
     * {@code <prefix>CpuPercent}, {@code <prefix>MemoryBytes} and {@code <prefix>MemoryPercent}; empty when none of
     * them has been sampled yet.
     */
    default Map<String, Object> peak(String prefix, Collection<String> instanceIds) {
        double cpu = -1;
        long bytes = -1;
        double memory = -1;
        for (String id : instanceIds) {
            Optional<ResourceUsage> u = usage(id);
            if (u.isPresent()) {
                cpu = Math.max(cpu, u.get().cpuPercent());
                bytes = Math.max(bytes, u.get().memoryBytes());
                memory = Math.max(memory, u.get().memoryPercent());
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        if (cpu >= 0) {
            figures.put(prefix + "CpuPercent", Math.round(cpu * 10) / 10.0);
            figures.put(prefix + "MemoryBytes", bytes);
            figures.put(prefix + "MemoryPercent", Math.round(memory * 100) / 100.0);
        }
        return figures;
    }
}
