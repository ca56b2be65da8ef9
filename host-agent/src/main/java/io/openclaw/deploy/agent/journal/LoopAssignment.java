package io.openclaw.deploy.agent.journal;

import java.util.List;

/**
 * Which version, in which slot, takes a loop's traffic; during a canary (or gradual cutover) a second version takes a
 * share of it.
 *
 * @param canary the version being tried beside the stable one, or null
 */
public record LoopAssignment(String loop, String version, String slot, String strategy, CanaryTarget canary) {

    /**
     * @param percent share of the loop's traffic sent to the canary's instances, 0-100 (the rest goes to the stable
     *                version)
     * @param segmentHeader requests with one of {@code segmentValues} in this header go to the canary (null: none)
     * @param stickyHeader  requests with this header stay on one version per value (null: none)
     */
    public record CanaryTarget(String version, String slot, int percent, String segmentHeader,
                               List<String> segmentValues, String stickyHeader) {
        public CanaryTarget {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("canary percent must be 0-100: " + percent);
            }
            segmentValues = segmentValues == null ? List.of() : List.copyOf(segmentValues);
        }

        /** A split by weight alone, without header rules. */
        public CanaryTarget(String version, String slot, int percent) {
            this(version, slot, percent, null, List.of(), null);
        }
    }

    public LoopAssignment(String loop, String version, String slot, String strategy) {
        this(loop, version, slot, strategy, null);
    }

    public LoopAssignment withCanary(CanaryTarget newCanary) {
        return new LoopAssignment(loop, version, slot, strategy, newCanary);
    }

    /** True when instances of this version and slot take (or may take) part of the loop's traffic. */
    public boolean routes(String instanceVersion, String instanceSlot) {
        return (version.equals(instanceVersion) && slot.equals(instanceSlot))
                || (canary != null && canary.version().equals(instanceVersion) && canary.slot().equals(instanceSlot));
    }
}
