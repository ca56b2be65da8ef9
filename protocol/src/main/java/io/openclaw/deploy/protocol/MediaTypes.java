package io.openclaw.deploy.protocol;

/** Content types the API speaks. */
public final class MediaTypes {
    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String NDJSON = "application/x-ndjson";
    public static final String OCTET_STREAM = "application/octet-stream";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private MediaTypes() {}
}
