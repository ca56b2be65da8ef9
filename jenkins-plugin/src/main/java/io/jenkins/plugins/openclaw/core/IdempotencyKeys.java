package io.jenkins.plugins.openclaw.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Idempotency keys for {@code POST /v1/deployments}. The key depends only on the build and on the step's node in the
 * flow graph, both stable across controller restarts, so a resumed step (or a repeated request after a lost answer)
 * gets the deployment it already started instead of a second one. Hashed so job names never reach the agent's logs
 * through the key.
 */
public final class IdempotencyKeys {
    private IdempotencyKeys() {}

    /**
     * @param buildId the build's externalizable id ({@code folder/job#42})
     * @param stepId  the id of the step's flow node
     */
    public static String forStep(String buildId, String stepId) {
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(stepId, "stepId");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((buildId + '\n' + stepId).getBytes(StandardCharsets.UTF_8));
            return "jenkins-" + HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
