package io.openclaw.deploy.agent.resources;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The figures on the agent's {@code /metrics}, one series per instance (labels loop, version, instance). */
final class ResourceGauges {
    static final String CPU = "openclaw_instance_cpu_percent";
    static final String MEMORY_BYTES = "openclaw_instance_memory_bytes";
    static final String MEMORY_PERCENT = "openclaw_instance_memory_percent";
    static final String ALERT = "openclaw_instance_resource_alert";

    private final Gauge cpu;
    private final Gauge memoryBytes;
    private final Gauge memoryPercent;
    private final Gauge alert;

    ResourceGauges(PrometheusRegistry registry) {
        cpu = gauge(CPU, "CPU of a loop instance over the last sample, percent of the whole machine", registry,
                "loop", "version", "instance");
        memoryBytes = gauge(MEMORY_BYTES, "Resident memory of a loop instance", registry,
                "loop", "version", "instance");
        memoryPercent = gauge(MEMORY_PERCENT, "Resident memory of a loop instance, percent of physical memory",
                registry, "loop", "version", "instance");
        alert = gauge(ALERT, "1 while a resource alert of the instance is raised (figure cpu or memory)", registry,
                "loop", "version", "instance", "figure");
    }

    private static Gauge gauge(String name, String help, PrometheusRegistry registry, String... labels) {
        return Gauge.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    void set(String loop, String version, String instance, ResourceUsage usage) {
        cpu.labelValues(loop, version, instance).set(usage.cpuPercent());
        memoryBytes.labelValues(loop, version, instance).set((double) usage.memoryBytes());
        memoryPercent.labelValues(loop, version, instance).set(usage.memoryPercent());
    }

    void alert(String loop, String version, String instance, String figure, boolean raised) {
        alert.labelValues(loop, version, instance, figure).set(raised ? 1 : 0);
    }

    /** An instance that stopped leaves no stale series behind. */
    void remove(String loop, String version, String instance) {
        cpu.remove(loop, version, instance);
        memoryBytes.remove(loop, version, instance);
        memoryPercent.remove(loop, version, instance);
        alert.remove(loop, version, instance, "cpu");
        alert.remove(loop, version, instance, "memory");
    }
}
