package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.config.RolloutConfig;
import io.openclaw.deploy.agent.resources.ResourceFigures;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The CPU and memory of a loop's canary and stable instances, recorded with each analysis. They do not change the
 * verdict (spec 9.1: resource use alerts, it does not roll back), but show in the history beside the traffic figures
 * whether the new version is heavier than the old.
 */
final class AnalysisResources {
    private AnalysisResources() {}

    static Map<String, Object> of(List<InstanceSnapshot> instances, List<LoopMove> moves, String loop,
            ResourceFigures figures, RolloutConfig.Canary canary) {
        LoopMove move = moves.stream().filter(m -> m.loop().equals(loop)).findFirst().orElse(null);
        if (move == null) {
            return Map.of();
        }
        List<InstanceSnapshot> ofLoop = instances.stream().filter(i -> i.spec().loop().equals(loop)).toList();
        List<String> canaryIds = ofLoop.stream().filter(i -> isCanary(i, move)).map(i -> i.spec().id()).toList();
        List<String> stableIds = ofLoop.stream().filter(i -> !isCanary(i, move)).map(i -> i.spec().id()).toList();
        Map<String, Object> data = new LinkedHashMap<>(figures.peak("canary", canaryIds));
        data.putAll(figures.peak("stable", stableIds));
        Object canaryCpu = data.get("canaryCpuPercent");
        if (canaryCpu != null) {
            data.put("cpuMaxPercent", canary.cpuMaxPercent());
            data.put("canaryCpuAboveMax", (Double) canaryCpu > canary.cpuMaxPercent());
        }
        return data;
    }

    private static boolean isCanary(InstanceSnapshot i, LoopMove move) {
        return Objects.equals(i.spec().version(), move.release().version()) && i.spec().slot().equals(move.slot());
    }
}
