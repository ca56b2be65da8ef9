package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.protocol.LoopProgress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Per loop, where the running deployment is (phase, split, last analysis), for the status. Cleared when it ends. */
final class RolloutProgress {
    private final Map<String, LoopProgress> loops = new ConcurrentHashMap<>();

    void phase(String deploymentId, String loop, String strategy, String phase, String newVersion, int percent) {
        loops.compute(loop, (l, before) -> new LoopProgress(deploymentId, strategy, phase, newVersion, percent,
                before == null ? Map.of() : before.lastAnalysis()));
    }

    void analysis(String loop, Map<String, Object> figures) {
        loops.computeIfPresent(loop, (l, p) -> p.withAnalysis(figures));
    }

    Optional<LoopProgress> of(String loop) {
        return Optional.ofNullable(loops.get(loop));
    }

    void clear() {
        loops.clear();
    }
}
