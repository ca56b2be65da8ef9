package io.openclaw.deploy.protocol;

import java.util.List;

/**
 * Answer of {@code GET /v1/status}. The field names are a contract with scripts and the Jenkins plugin: add, never
 * rename.
 *
 * @param release      version currently serving traffic, null before the first deployment
 * @param activeSlot   {@code blue} or {@code green}, null before the first deployment
 * @param fingerprint  SHA-256 fingerprint of the API's certificate (lower-case hex)
 * @param deployment   the running deployment, null when idle
 * @param agentVersion version of the agent software
 * @param releases     releases kept on disk, newest first
 * @param availability the router's availability over its recent window against 99.99 % (null from an older agent)
 * @param disk         the home's disk: read-only mode and free space; null from agents that predate it
 */
public record AgentStatus(
        String release,
        String activeSlot,
        String fingerprint,
        List<LoopStatus> loops,
        Deployment deployment,
        String agentVersion,
        List<String> releases,
        Availability availability,
        DiskStatus disk) {

    public AgentStatus {
        loops = loops == null ? List.of() : List.copyOf(loops);
        releases = releases == null ? List.of() : List.copyOf(releases);
    }

    /** Without availability and disk figures. */
    public AgentStatus(String release, String activeSlot, String fingerprint, List<LoopStatus> loops,
            Deployment deployment, String agentVersion, List<String> releases) {
        this(release, activeSlot, fingerprint, loops, deployment, agentVersion, releases, null, null);
    }

    /** Without disk figures. */
    public AgentStatus(String release, String activeSlot, String fingerprint, List<LoopStatus> loops,
            Deployment deployment, String agentVersion, List<String> releases, Availability availability) {
        this(release, activeSlot, fingerprint, loops, deployment, agentVersion, releases, availability, null);
    }
}
