package io.openclaw.deploy.agent.verification;

import io.openclaw.deploy.agent.config.DependencyTarget;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import java.util.List;

/**
 * A loop as it serves now: the version assigned to it, the instances of that version the router may send it to, and
 * what it declares it needs to reach.
 */
public record ServingLoop(String loop, String version, List<InstanceSnapshot> instances,
                          List<DependencyTarget> dependencies) {
    public ServingLoop {
        instances = List.copyOf(instances);
        dependencies = List.copyOf(dependencies);
    }
}
