package io.openclaw.deploy.protocol;

import java.util.List;

/**
 * A loop with its instances; {@code version} is the version that takes its traffic.
 *
 * @param progress where a running deployment is with this loop (phase, split, last analysis), or null
 */
public record LoopStatus(String name, String strategy, String version, List<InstanceStatus> instances,
                         LoopProgress progress) {
    public LoopStatus {
        instances = instances == null ? List.of() : List.copyOf(instances);
    }

    public LoopStatus(String name, String strategy, String version, List<InstanceStatus> instances) {
        this(name, strategy, version, instances, null);
    }
}
