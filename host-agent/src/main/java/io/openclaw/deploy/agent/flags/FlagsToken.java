package io.openclaw.deploy.agent.flags;

import io.openclaw.deploy.agent.tls.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The read-only token of the OFREP listener ({@code conf/flags-token}), distinct from the admin token: a loop that
 * holds it can read flags and nothing else. Created, owner-only, the first time the agent starts. Kept apart from
 * the API's token class so that the flags package does not depend on the API package (which depends on it).
 */
public final class FlagsToken {
    public static final String FILE = "flags-token";

    private final byte[] digest;

    private FlagsToken(String token) {
        this.digest = sha256(token);
    }

    /** @throws IllegalArgumentException if the token is blank */
    public static FlagsToken of(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the flags token is empty");
        }
        return new FlagsToken(token.strip());
    }

    /** 32 bytes from {@link SecureRandom}, base64url without padding. */
    public static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The token's text (for the loops' environment), creating the file if absent. */
    public static String loadOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (token.isEmpty()) {
                throw new IOException("the flags token file " + file + " is empty");
            }
            return token;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        String token = generate();
        OwnerOnlyFiles.write(file, (token + "\n").getBytes(StandardCharsets.US_ASCII));
        return token;
    }

    /** Constant-time check of a presented token; false for null. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "FlagsToken[redacted]";
    }
}
