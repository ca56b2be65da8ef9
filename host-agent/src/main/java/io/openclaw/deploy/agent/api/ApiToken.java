package io.openclaw.deploy.agent.api;

import io.openclaw.deploy.agent.tls.SecretToken;
import java.io.IOException;
import java.nio.file.Path;

/** The admin bearer token of the control API ({@code conf/api-token}); see {@link SecretToken} for how it is kept. */
public final class ApiToken {
    /** 256 bits of entropy. */
    static final int BYTES = SecretToken.BYTES;
    private static final String WHAT = "API token";

    private final SecretToken secret;

    private ApiToken(SecretToken secret) {
        this.secret = secret;
    }

    /** @throws IllegalArgumentException if the token is blank */
    public static ApiToken of(String token) {
        return new ApiToken(SecretToken.of(token, WHAT));
    }

    /** A new random token (43 characters of base64url). */
    public static String generate() {
        return SecretToken.generate();
    }

    /** Generates a token, writes it to {@code file} readable by the owner only, and returns it. */
    public static String createFile(Path file) throws IOException {
        return SecretToken.createFile(file);
    }

    /** Reads the token file written by {@link #createFile}. */
    public static String readFile(Path file) throws IOException {
        return SecretToken.readFile(file, WHAT);
    }

    public static ApiToken load(Path file) throws IOException {
        return of(readFile(file));
    }

    /** Constant-time check of a presented token; false for null. */
    public boolean matches(String presented) {
        return secret.matches(presented);
    }

    @Override
    public String toString() {
        return "ApiToken[redacted]";
    }
}
