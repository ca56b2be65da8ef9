package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.journal.DeploymentRecord;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A request that repeats an idempotency key must be the request the key was first used for; otherwise it is refused
 * with 422 (IETF draft-ietf-httpapi-idempotency-key-header). Answering it with the first deployment, as the agent
 * did, made a pipeline believe it deployed an artifact that never ran (issue 12).
 */
final class IdempotencyCheck {
    private IdempotencyCheck() {
    }

    /** The request as it is journaled and compared: digest in lower case, {@code auto} for no strategy. */
    static DeployRequest normalised(DeployRequest request, String sha) {
        return new DeployRequest(sha, request.version(), request.strategy() == null ? "auto" : request.strategy(),
                request.loops(), request.options());
    }

    /**
     * @param earlier the deployment the key was first used for
     * @throws OperationException idempotency-key-reused (422) naming the fields that differ
     */
    static void requireSameRequest(String key, DeploymentRecord earlier, DeployRequest request) {
        if (earlier.request() == null) {
            return; // journaled before requests were kept: nothing to compare with
        }
        List<String> differ = differences(earlier.request(), request);
        if (!differ.isEmpty()) {
            throw new OperationException(ProblemTypes.IDEMPOTENCY_KEY_REUSED, 422, "Idempotency-Key '" + key
                    + "' was used for deployment " + earlier.view().id() + " with a different request ("
                    + String.join(", ", differ) + " differ); use a new key for a new deployment",
                    earlier.view().id(), null);
        }
    }

    static List<String> differences(DeployRequest first, DeployRequest now) {
        List<String> differ = new ArrayList<>();
        if (!sha(first).equals(sha(now))) {
            differ.add("artifactSha256");
        }
        if (!Objects.equals(first.version(), now.version())) {
            differ.add("version");
        }
        if (!strategy(first).equals(strategy(now))) {
            differ.add("strategy");
        }
        // The loops of a deployment are a set: the same ones in another order are the same request.
        if (!first.loops().stream().sorted().distinct().toList().equals(now.loops().stream().sorted().distinct().toList())) {
            differ.add("loops");
        }
        if (!first.options().equals(now.options())) {
            differ.add("options");
        }
        return differ;
    }

    private static String sha(DeployRequest r) {
        return r.artifactSha256() == null ? "" : r.artifactSha256().trim().toLowerCase(Locale.ROOT);
    }

    private static String strategy(DeployRequest r) {
        return r.strategy() == null ? "auto" : r.strategy();
    }
}
