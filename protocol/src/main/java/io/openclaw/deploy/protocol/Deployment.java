package io.openclaw.deploy.protocol;

import java.time.Instant;
import java.util.List;

/**
 * One deployment as the API reports it.
 *
 * @param id               stable identifier, e.g. {@code d-20261127-205634-1}
 * @param kind             {@code deploy} or {@code rollback}
 * @param state            where it is in its life cycle
 * @param version          the release being deployed (the target of a rollback)
 * @param previousVersion  the release that was active when it started, null on a first deployment
 * @param strategy         requested strategy ({@code auto}, {@code blue-green}, ...)
 * @param loops            loops it covers; empty means all loops of the release
 * @param artifactSha256   digest of the artifact, null for a rollback
 * @param createdAt        when it was accepted
 * @param updatedAt        when its state last changed
 * @param reason           why it failed or was rolled back (or the operator's reason for a rollback), or, while it is
 *                         {@link DeploymentState#PAUSED}, why it is held (a person, a failed check, an inconclusive
 *                         analysis); else null
 * @param durationMillis   from acceptance to the terminal state, null while running
 * @param lastEventSeq     sequence number of its newest event, for resuming an event stream
 * @param requestedBy      identity of the token that asked for it
 * @param verification     the release verification report (spec 10.2) run at its end, null until then (and for
 *                         deployments that ended before the release was verified)
 */
public record Deployment(
        String id,
        String kind,
        DeploymentState state,
        String version,
        String previousVersion,
        String strategy,
        List<String> loops,
        String artifactSha256,
        Instant createdAt,
        Instant updatedAt,
        String reason,
        Long durationMillis,
        long lastEventSeq,
        String requestedBy,
        VerificationReport verification) {

    public static final String KIND_DEPLOY = "deploy";
    public static final String KIND_ROLLBACK = "rollback";

    public Deployment {
        loops = loops == null ? List.of() : List.copyOf(loops);
    }

    /** A deployment without a verification report (yet). */
    public Deployment(String id, String kind, DeploymentState state, String version, String previousVersion,
            String strategy, List<String> loops, String artifactSha256, Instant createdAt, Instant updatedAt,
            String reason, Long durationMillis, long lastEventSeq, String requestedBy) {
        this(id, kind, state, version, previousVersion, strategy, loops, artifactSha256, createdAt, updatedAt, reason,
                durationMillis, lastEventSeq, requestedBy, null);
    }

    public Deployment withVerification(VerificationReport report) {
        return new Deployment(id, kind, state, version, previousVersion, strategy, loops, artifactSha256, createdAt,
                updatedAt, reason, durationMillis, lastEventSeq, requestedBy, report);
    }

    public boolean isFinished() {
        return state != null && state.isTerminal();
    }
}
