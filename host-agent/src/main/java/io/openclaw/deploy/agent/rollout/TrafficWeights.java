package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.config.RolloutConfig;
import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.LoopAssignment.CanaryTarget;
import java.util.Collection;
import java.util.List;

/**
 * The only writer of a loop's second version's share of traffic (its {@link CanaryTarget}): the canary phases, a
 * rolling update's growing share of new instances, and taking that share away on a rollback. Each change is one
 * journaled fleet update, so the router's table changes in one swap.
 */
final class TrafficWeights {
    private final Fleet fleet;

    TrafficWeights(Fleet fleet) {
        this.fleet = fleet;
    }

    /** A canary phase: each loop's new version takes {@code percent}, with the canary's segment and sticky rules. */
    void canary(List<LoopMove> moves, int percent, RolloutConfig.Canary rules) {
        fleet.update(r -> {
            FleetRecord next = r;
            for (LoopMove m : moves) {
                next = next.withAssignmentsOf(List.of(m.loop()), a -> a.withCanary(new CanaryTarget(
                        m.release().version(), m.slot(), percent, rules.segmentHeader(), rules.segmentValues(),
                        rules.stickyHeader())));
            }
            return next;
        });
    }

    /** A rolling update: the new instances' share, by weight alone. */
    void share(LoopMove move, int percent) {
        fleet.update(r -> r.withAssignmentsOf(List.of(move.loop()),
                a -> a.withCanary(new CanaryTarget(move.release().version(), move.slot(), percent))));
    }

    /** The second version of each of {@code loops} leaves the routing in one change; the stable one takes it all. */
    void clear(Collection<String> loops) {
        fleet.update(r -> r.withAssignmentsOf(loops, a -> a.withCanary(null)));
    }

    /** After an agent restart: every share a deployment in progress had set goes at once. */
    void clearAll() {
        fleet.update(r -> r.withAssignments(CanarySplits.withoutCanaries(r.assignments())));
    }
}
