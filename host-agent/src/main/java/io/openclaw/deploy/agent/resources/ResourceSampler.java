package io.openclaw.deploy.agent.resources;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Measures processes. The operating system is the edge here, so tests may hand the monitor figures of their own. */
public interface ResourceSampler {

    /**
     * One sampling round. CPU is measured between two rounds, so a pid appears in the answer from the second round in
     * which it is asked for; pids not asked for are forgotten.
     *
     * @return figures by pid, for the pids that could be measured (a process that is gone is left out)
     */
    Map<Long, ResourceUsage> sample(Set<Long> pids);

    /**
     * The whole machine since the previous call (CPU, like a process's, needs two readings); empty on the first call
     * and where the host's figures cannot be read.
     */
    default Optional<HostUsage> sampleHost() {
        return Optional.empty();
    }
}
