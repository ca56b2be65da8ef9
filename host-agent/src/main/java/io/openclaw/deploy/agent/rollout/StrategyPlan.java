package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.LoopAssignment;
import io.openclaw.deploy.agent.release.InstalledRelease;
import io.openclaw.deploy.agent.release.LoopStrategy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which way each loop of a deployment is released. {@code auto} takes each loop's declared strategy, anything else
 * applies to every loop. Canary and feature-flag loops ramp through the canary phases when there is a serving
 * version to compare with (a feature-flag loop by its release flag, see {@link FlagRollout}); a loop with nothing serving yet has no traffic to analyse and starts
 * blue-green; so does a rolling loop.
 *
 * @param strategies per loop, the strategy asked for (declared or explicit)
 * @param canary     loops released as canaries or by flag ({@code strategies} tells which)
 * @param rolling    loops updated in rolling batches, one loop after the other
 * @param gradual    blue-green loops moved in cutover steps with analysis ({@code blue_green.cutover: gradual})
 * @param blueGreen  loops switched blue-green, atomically together
 */
record StrategyPlan(Map<String, String> strategies, Map<String, InstalledRelease> canary,
                    Map<String, InstalledRelease> rolling, Map<String, InstalledRelease> gradual,
                    Map<String, InstalledRelease> blueGreen) {

    static StrategyPlan of(String requested, InstalledRelease release, Map<String, InstalledRelease> targets,
            FleetRecord fleet, boolean gradualCutover) {
        boolean auto = requested == null || requested.equals("auto");
        Map<String, String> strategies = new LinkedHashMap<>();
        Map<String, InstalledRelease> canary = new LinkedHashMap<>();
        Map<String, InstalledRelease> rolling = new LinkedHashMap<>();
        Map<String, InstalledRelease> gradual = new LinkedHashMap<>();
        Map<String, InstalledRelease> blueGreen = new LinkedHashMap<>();
        for (Map.Entry<String, InstalledRelease> t : targets.entrySet()) {
            String loop = t.getKey();
            String strategy = auto
                    ? release.manifest().loop(loop).map(l -> l.strategy().id()).orElse(LoopStrategy.BLUE_GREEN.id())
                    : requested;
            strategies.put(loop, strategy);
            LoopAssignment serving = fleet.assignments().get(loop);
            boolean canaryLike = strategy.equals(LoopStrategy.CANARY.id())
                    || strategy.equals(LoopStrategy.FEATURE_FLAG.id());
            boolean replaces = serving != null && !serving.version().equals(t.getValue().version());
            if (canaryLike && replaces) {
                canary.put(loop, t.getValue());
            } else if (strategy.equals(LoopStrategy.ROLLING.id()) && replaces) {
                rolling.put(loop, t.getValue());
            } else if (gradualCutover && replaces) {
                gradual.put(loop, t.getValue());
            } else {
                blueGreen.put(loop, t.getValue());
            }
        }
        return new StrategyPlan(Collections.unmodifiableMap(strategies), canary, rolling, gradual, blueGreen);
    }

    String describe() {
        return "releasing " + rampedFirst() + " first, then "
                + rolling.size() + " rolling " + rolling.keySet() + ", then " + (gradual.isEmpty() ? ""
                : gradual.size() + " blue-green with gradual cutover " + gradual.keySet() + ", then ")
                + blueGreen.size() + " loop(s) blue-green " + blueGreen.keySet();
    }

    private String rampedFirst() {
        List<String> byFlag = canary.keySet().stream()
                .filter(loop -> LoopStrategy.FEATURE_FLAG.id().equals(strategies.get(loop))).toList();
        List<String> byWeight = canary.keySet().stream().filter(loop -> !byFlag.contains(loop)).toList();
        String flagged = byFlag.size() + " loop(s) by release flag " + byFlag;
        if (byFlag.isEmpty()) {
            return byWeight.size() + " loop(s) as canary " + byWeight;
        }
        return byWeight.isEmpty() ? flagged : byWeight.size() + " loop(s) as canary " + byWeight + " and " + flagged;
    }
}
