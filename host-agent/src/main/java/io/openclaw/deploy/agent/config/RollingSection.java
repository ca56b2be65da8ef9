package io.openclaw.deploy.agent.config;

import io.openclaw.deploy.agent.config.yaml.YamlObject;
import java.time.Duration;

/** {@code rolling_update:} batch size, stabilization wait and tolerated failures of rolling updates. */
final class RollingSection {
    static final String KEY = "rolling_update";

    private RollingSection() {}

    static RolloutConfig.Rolling read(YamlObject rolling, RolloutConfig.Rolling d) {
        int batchSize = rolling.integer("batch_size", d.batchSize(), 0, 1000);
        Duration stabilization = rolling.durationInAnyUnit("stabilization", d.stabilization());
        int maxFailures = rolling.integer("max_failures_per_batch", d.maxFailuresPerBatch(), 1, 1000);
        rolling.rejectUnknown();
        return new RolloutConfig.Rolling(batchSize, stabilization, maxFailures);
    }

    static void write(ConfigFile f, RolloutConfig.Rolling r) {
        f.section(KEY, "Rolling updates: a loop's instances are replaced a batch at a time.")
                .value("batch_size", r.batchSize(), "Instances per batch; 0 means max(1, replicas / 4).")
                .value("stabilization_seconds", r.stabilization().toSeconds(),
                        "Wait after a batch is healthy before the next one starts.")
                .value("max_failures_per_batch", r.maxFailuresPerBatch(),
                        "Unhealthy new instances in one batch that stop the update and restore the old version (1: the first).")
                .end();
    }
}
