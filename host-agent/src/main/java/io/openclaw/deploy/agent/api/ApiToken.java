package io.openclaw.deploy.agent.api;

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
 * The admin bearer token of the control API. Only its SHA-256 is kept in memory, and a presented token is checked by
 * comparing digests with {@link MessageDigest#isEqual}, so neither the content nor the length of the token leaks
 * through timing. Never printed: {@link #toString()} says nothing about it.
 */
public final class ApiToken {
    /** 256 bits of entropy. */
    static final int BYTES = 32;

    private final byte[] digest;

    private ApiToken(String token) {
        this.digest = sha256(token);
    }

    /** @throws IllegalArgumentException if the token is blank */
    public static ApiToken of(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the API token is empty");
        }
        return new ApiToken(token.strip());
    }

    /** A new random token: 32 bytes from {@link SecureRandom}, base64url without padding (43 characters). */
    public static String generate() {
        byte[] bytes = new byte[BYTES];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Generates a token, writes it to {@code file} readable by the owner only, and returns it. */
    public static String createFile(Path file) throws IOException {
        String token = generate();
        OwnerOnlyFiles.write(file, (token + "\n").getBytes(StandardCharsets.US_ASCII));
        return token;
    }

    /** Reads the token file written by {@link #createFile}. */
    public static String readFile(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (token.isEmpty()) {
            throw new IOException("the API token file " + file + " is empty");
        }
        return token;
    }

    public static ApiToken load(Path file) throws IOException {
        return of(readFile(file));
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
        return "ApiToken[redacted]";
    }
}
