package io.openclaw.deploy.agent.journal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable part of the agent's state: what serves traffic, what ran before it, and every process it owns.
 *
 * @param release         version serving every loop, or null before the first deployment
 * @param previousRelease version a plain rollback returns to, or null
 * @param assignments     per loop, what takes its traffic
 * @param previousAssignments what took each loop's traffic before the last switch: where a plain rollback returns
 * @param instances       every process the agent started and has not stopped
 * @param runningDeployment id of a deployment that had not ended when this was written, or null
 */
public record FleetRecord(
        String release,
        String previousRelease,
        Map<String, LoopAssignment> assignments,
        Map<String, LoopAssignment> previousAssignments,
        List<InstanceRecord> instances,
        String runningDeployment) {

    public FleetRecord {
        assignments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(assignments));
        previousAssignments = previousAssignments == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(previousAssignments));
        instances = List.copyOf(instances);
    }

    public FleetRecord withInstances(List<InstanceRecord> newInstances) {
        return new FleetRecord(release, previousRelease, assignments, previousAssignments, newInstances, runningDeployment);
    }

    public FleetRecord withRunningDeployment(String deploymentId) {
        return new FleetRecord(release, previousRelease, assignments, previousAssignments, instances, deploymentId);
    }

    public static FleetRecord empty() {
        return new FleetRecord(null, null, Map.of(), Map.of(), List.of(), null);
    }
}
