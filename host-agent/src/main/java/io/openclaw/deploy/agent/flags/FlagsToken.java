package io.openclaw.deploy.agent.flags;

import io.openclaw.deploy.agent.tls.SecretToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The read-only token of the OFREP listener ({@code conf/flags-token}), distinct from the admin token: a loop that
 * holds it can read flags and nothing else. Created, owner-only, the first time the agent starts.
 */
public final class FlagsToken {
    public static final String FILE = "flags-token";
    private static final String WHAT = "flags token";

    private final SecretToken secret;

    private FlagsToken(SecretToken secret) {
        this.secret = secret;
    }

    /** @throws IllegalArgumentException if the token is blank */
    public static FlagsToken of(String token) {
        return new FlagsToken(SecretToken.of(token, WHAT));
    }

    /** 32 bytes from a secure random source, base64url without padding. */
    public static String generate() {
        return SecretToken.generate();
    }

    /** The token's text (for the loops' environment), creating the file if absent. */
    public static String loadOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            return SecretToken.readFile(file, WHAT);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        return SecretToken.createFile(file);
    }

    /** Constant-time check of a presented token; false for null. */
    public boolean matches(String presented) {
        return secret.matches(presented);
    }

    @Override
    public String toString() {
        return "FlagsToken[redacted]";
    }
}
