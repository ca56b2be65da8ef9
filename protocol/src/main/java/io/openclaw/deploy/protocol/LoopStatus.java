package io.openclaw.deploy.protocol;

import java.util.List;

/** A loop with its instances; {@code version} is the version that takes its traffic. */
public record LoopStatus(String name, String strategy, String version, List<InstanceStatus> instances) {
    public LoopStatus {
        instances = instances == null ? List.of() : List.copyOf(instances);
    }
}
