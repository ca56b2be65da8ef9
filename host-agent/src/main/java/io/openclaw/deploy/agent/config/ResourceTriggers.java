package io.openclaw.deploy.agent.config;

import io.openclaw.deploy.agent.config.yaml.YamlObject;
import java.time.Duration;

/**
 * {@code rollback.auto_rollback.triggers.cpu_usage} and {@code .memory_usage}: the last two rows of spec 9.1, whose
 * action is "alert + manual". They sit beside the other triggers because the spec lists them together, but they never
 * roll anything back.
 */
final class ResourceTriggers {
    static final String CPU = "cpu_usage";
    static final String MEMORY = "memory_usage";

    private ResourceTriggers() {}

    static RolloutConfig.ResourceAlerts read(YamlObject triggers, RolloutConfig.ResourceAlerts d) {
        YamlObject cpu = triggers.object(CPU);
        double cpuMax = Decimals.read(cpu, "threshold_percent", d.cpuMaxPercent(), 1, 100);
        Duration cpuFor = cpu.durationInAnyUnit("duration", d.cpuFor());
        cpu.rejectUnknown();
        YamlObject memory = triggers.object(MEMORY);
        double memoryMax = Decimals.read(memory, "threshold_percent", d.memoryMaxPercent(), 1, 100);
        Duration memoryFor = memory.durationInAnyUnit("duration", d.memoryFor());
        memory.rejectUnknown();
        return new RolloutConfig.ResourceAlerts(cpuMax, cpuFor, memoryMax, memoryFor);
    }

    /** Writes both triggers into the open {@code triggers:} section of {@code f}. */
    static void write(ConfigFile f, RolloutConfig.ResourceAlerts r) {
        f.section(CPU, "Alert only (never a rollback): one instance's CPU, as a share of the whole machine.")
                .value("threshold_percent", r.cpuMaxPercent(), "Above this...")
                .value("duration_seconds", r.cpuFor().toSeconds(), "...for this long raises an alert.")
                .end()
                .section(MEMORY, "Alert only: one instance's resident memory, as a share of the machine's RAM.")
                .value("threshold_percent", r.memoryMaxPercent(), "Above this...")
                .value("duration_seconds", r.memoryFor().toSeconds(), "...for this long raises an alert.")
                .end();
    }
}
