package io.openclaw.deploy.agent.journal;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

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
        assignments = Collections.unmodifiableMap(new LinkedHashMap<>(assignments));
        previousAssignments = previousAssignments == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(previousAssignments));
        instances = List.copyOf(instances);
    }

    /** The same record with other assignments (a canary share, its removal); what served before stays. */
    public FleetRecord withAssignments(Map<String, LoopAssignment> newAssignments) {
        return new FleetRecord(release, previousRelease, newAssignments, previousAssignments, instances,
                runningDeployment);
    }

    /** The same record with each of {@code loops} that has an assignment changed by {@code change}. */
    public FleetRecord withAssignmentsOf(Collection<String> loops, UnaryOperator<LoopAssignment> change) {
        Map<String, LoopAssignment> next = new LinkedHashMap<>(assignments);
        loops.forEach(loop -> next.computeIfPresent(loop, (l, a) -> change.apply(a)));
        return withAssignments(next);
    }

    /** After a switch: what serves now, and what served before (where a plain rollback returns). */
    public FleetRecord withSwitch(String newRelease, String newPreviousRelease, Map<String, LoopAssignment> newAssignments,
            Map<String, LoopAssignment> newPreviousAssignments) {
        return new FleetRecord(newRelease, newPreviousRelease, newAssignments, newPreviousAssignments, instances,
                runningDeployment);
    }

    /** The same record with another rollback target. */
    public FleetRecord withPrevious(String newPreviousRelease, Map<String, LoopAssignment> newPreviousAssignments) {
        return new FleetRecord(release, newPreviousRelease, assignments, newPreviousAssignments, instances,
                runningDeployment);
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
