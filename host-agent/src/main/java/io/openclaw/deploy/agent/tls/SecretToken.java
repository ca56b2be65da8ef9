package io.openclaw.deploy.agent.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A bearer secret kept in an owner-only file. Only its SHA-256 is held in memory, and a presented token is checked by
 * comparing digests with {@link MessageDigest#isEqual}, so neither the content nor the length of the token leaks
 * through timing. Never printed: {@link #toString()} says nothing about it.
 */
public final class SecretToken {
    /** 256 bits of entropy. */
    public static final int BYTES = 32;

    private final byte[] digest;

    private SecretToken(String token) {
        this.digest = sha256(token);
    }

    /**
     * @param what names the token in the error, e.g. "API token"
     * @throws IllegalArgumentException if the token is blank
     */
    public static SecretToken of(String token, String what) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the " + what + " is empty");
        }
        return new SecretToken(token.strip());
    }

    /** A new random token: {@value #BYTES} bytes from {@link SecureRandom}, base64url without padding. */
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

    /** Reads a token file written by {@link #createFile}. */
    public static String readFile(Path file, String what) throws IOException {
        String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (token.isEmpty()) {
            throw new IOException("the " + what + " file " + file + " is empty");
        }
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
        return "SecretToken[redacted]";
    }
}
