package io.openclaw.deploy.protocol;

/** Stable {@link Problem#type()} values. Clients branch on these, never on titles or details. */
public final class ProblemTypes {
    private static final String PREFIX = "urn:openclaw:problem:";

    public static final String BAD_REQUEST = PREFIX + "bad-request";
    public static final String MALFORMED_JSON = PREFIX + "malformed-json";
    public static final String VALIDATION = PREFIX + "validation";
    public static final String UNAUTHORIZED = PREFIX + "unauthorized";
    public static final String NOT_FOUND = PREFIX + "not-found";
    /** The endpoint exists but this agent cannot do it yet (e.g. pause/resume/promote/abort before the strategies that use them). */
    public static final String NOT_SUPPORTED = PREFIX + "not-supported";
    public static final String METHOD_NOT_ALLOWED = PREFIX + "method-not-allowed";
    public static final String PAYLOAD_TOO_LARGE = PREFIX + "payload-too-large";
    public static final String DIGEST_MISMATCH = PREFIX + "digest-mismatch";
    public static final String UNSAFE_ARTIFACT = PREFIX + "unsafe-artifact";
    public static final String INVALID_MANIFEST = PREFIX + "invalid-manifest";
    public static final String ARTIFACT_NOT_FOUND = PREFIX + "artifact-not-found";
    /**
     * An {@code Idempotency-Key} already used for a different request (IETF draft-ietf-httpapi-idempotency-key-header:
     * 422); the problem's {@code deploymentId} names the deployment the key belongs to.
     */
    public static final String IDEMPOTENCY_KEY_REUSED = PREFIX + "idempotency-key-reused";
    public static final String DEPLOYMENT_IN_PROGRESS = PREFIX + "deployment-in-progress";
    public static final String NO_PREVIOUS_RELEASE = PREFIX + "no-previous-release";
    public static final String RELEASE_NOT_FOUND = PREFIX + "release-not-found";
    /**
     * The agent home's disk is full: the agent is in read-only mode (it serves what is deployed, refuses changes) or a
     * write failed for want of space. HTTP 507 Insufficient Storage.
     */
    public static final String DISK_FULL = PREFIX + "disk-full";
    public static final String INTERNAL = PREFIX + "internal";

    private ProblemTypes() {}
}
