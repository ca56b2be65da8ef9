package io.openclaw.deploy.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of an artifact, in the lower-case hex form the API uses in {@code /v1/artifacts/{sha256}}. */
public final class ArtifactDigest {
    private static final int BUFFER = 64 * 1024;

    private ArtifactDigest() {}

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** Reads {@code in} to its end (without closing it). */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest digest = newSha256();
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Whether {@code value} is a digest in the canonical form: 64 lower-case hex digits. */
    public static boolean isCanonical(String value) {
        return value != null
                && value.length() == 64
                && value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
