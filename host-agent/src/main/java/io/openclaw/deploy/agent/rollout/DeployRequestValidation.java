package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.config.ConfigException;
import io.openclaw.deploy.agent.config.RolloutConfig;
import io.openclaw.deploy.agent.config.RolloutSections;
import io.openclaw.deploy.agent.release.ReleaseVersion;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks a deploy request before anything is journaled or started: the artifact's digest and presence, the version,
 * the strategy, the loop names, the rollout options over the agent's own rollout settings, and the artifact itself
 * ({@link ArtifactPreflight}). A bad request is refused with a
 * problem naming what is wrong.
 */
final class DeployRequestValidation {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern LOOP_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Set<String> STRATEGIES = Set.of("auto", "blue-green", "rolling", "canary", "feature-flag");

    /**
     * A request found valid.
     *
     * @param sha      the artifact's digest in lower case
     * @param rollout  the agent's rollout settings with the request's options applied
     * @param strategy the requested strategy, {@code auto} when none was asked for
     */
    record Valid(String sha, RolloutConfig rollout, String strategy) {}

    private final RolloutConfig agentRollout;
    private final Predicate<String> uploaded;
    private final ArtifactPreflight artifact;

    /** Checks the request's own fields only, not what the artifact holds (tests). */
    DeployRequestValidation(RolloutConfig agentRollout, Predicate<String> uploaded) {
        this(agentRollout, uploaded, ArtifactPreflight.NONE);
    }

    /**
     * @param uploaded whether the artifact with that digest is in the store
     * @param artifact checks the uploaded artifact and its manifest against the request
     */
    DeployRequestValidation(RolloutConfig agentRollout, Predicate<String> uploaded, ArtifactPreflight artifact) {
        this.agentRollout = agentRollout;
        this.uploaded = uploaded;
        this.artifact = artifact;
    }

    /** @throws OperationException 400 validation for a malformed request, 404 artifact-not-found */
    Valid validate(DeployRequest request) {
        if (request.artifactSha256() == null) {
            throw invalid("artifactSha256 is required");
        }
        String sha = request.artifactSha256().trim().toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha).matches()) {
            throw invalid("artifactSha256 must be 64 hex digits, got '" + request.artifactSha256() + "'");
        }
        if (request.version() != null) {
            // The version names the release's directory: "../../evil" must never get as far as the installer.
            ReleaseVersion.problem(request.version()).ifPresent(p -> {
                throw invalid("version " + p);
            });
        }
        if (request.strategy() != null && !STRATEGIES.contains(request.strategy())) {
            throw invalid("strategy must be one of " + new TreeSet<>(STRATEGIES) + ", got '" + request.strategy() + "'");
        }
        for (String loop : request.loops()) {
            if (loop == null || !LOOP_NAME.matcher(loop).matches()) {
                throw invalid("not a loop name: '" + loop + "'");
            }
        }
        if (!uploaded.test(sha)) {
            throw new OperationException(ProblemTypes.ARTIFACT_NOT_FOUND, 404,
                    "artifact " + sha + " has not been uploaded (PUT /v1/artifacts/" + sha + ")");
        }
        RolloutConfig rollout;
        try {
            rollout = RolloutSections.withOptions(agentRollout, request.options());
        } catch (ConfigException e) {
            throw invalid(e.getMessage());
        }
        artifact.check(sha, request);
        return new Valid(sha, rollout, request.strategy() == null ? "auto" : request.strategy());
    }

    private static OperationException invalid(String detail) {
        return new OperationException(ProblemTypes.VALIDATION, 400, detail);
    }
}
