package io.openclaw.deploy.protocol;

import java.util.Map;

/**
 * Where a running deployment is with one loop (canary, gradual cutover or rolling update).
 *
 * @param deploymentId  the deployment moving the loop
 * @param strategy      {@code canary}, {@code gradual-cutover} or {@code rolling}
 * @param phase         e.g. {@code 25%} or {@code batch 2 of 3}
 * @param newVersion    the version being rolled out
 * @param newVersionPercent share of the loop's traffic the new version has now, 0-100
 * @param lastAnalysis  the figures of the last analysis of this loop (empty before the first)
 */
public record LoopProgress(String deploymentId, String strategy, String phase, String newVersion,
                           int newVersionPercent, Map<String, Object> lastAnalysis) {
    public LoopProgress {
        lastAnalysis = lastAnalysis == null ? Map.of() : Map.copyOf(lastAnalysis);
    }

    public LoopProgress withAnalysis(Map<String, Object> figures) {
        return new LoopProgress(deploymentId, strategy, phase, newVersion, newVersionPercent, figures);
    }
}
