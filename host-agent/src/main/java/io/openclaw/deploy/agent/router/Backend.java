package io.openclaw.deploy.agent.router;

/**
 * One instance as the router sees it.
 *
 * @param weight relative share of its loop's traffic (0 = in the table for reporting but sent nothing)
 */
public record Backend(String instanceId, String loop, String version, String slot, String host, int port, int weight) {
    public Backend {
        if (weight < 0) {
            throw new IllegalArgumentException("weight must be >= 0: " + weight);
        }
    }
}
