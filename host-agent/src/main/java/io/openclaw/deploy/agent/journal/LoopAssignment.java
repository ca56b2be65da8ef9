package io.openclaw.deploy.agent.journal;

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
     */
    public record CanaryTarget(String version, String slot, int percent) {
        public CanaryTarget {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("canary percent must be 0-100: " + percent);
            }
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
