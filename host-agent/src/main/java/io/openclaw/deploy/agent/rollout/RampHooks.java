package io.openclaw.deploy.agent.rollout;

import java.util.List;

/**
 * What a procedure that ramps traffic through canary phases ({@link CanaryRollout}) lets another release mechanism do
 * at each step, so a flag-driven release reuses the phases, analysis and rollback instead of repeating them.
 */
interface RampHooks {
    RampHooks NONE = new RampHooks() {};

    /** Before the new version's share becomes {@code percent} (the router then routes by the new share). */
    default void beforeShare(List<LoopMove> moves, int percent, DeploymentLog log) {}

    /** First thing of a rollback: the new version must stop getting requests at once. */
    default void stopNewVersion(List<LoopMove> moves, String reason, DeploymentLog log) {}

    /** After the new version took all the traffic. */
    default void promoted(List<LoopMove> moves, DeploymentLog log) {}

    /** Whether this loop's new version is chosen per request by a flag rather than by weight. */
    default boolean releasedByFlag(String loop) {
        return false;
    }

    /** How the status names the strategy of this loop while it ramps, or {@code fallback}. */
    default String strategyOf(String loop, String fallback) {
        return releasedByFlag(loop) ? "feature-flag" : fallback;
    }
}
