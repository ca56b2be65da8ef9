package io.jenkins.plugins.openclaw.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 and size of an artifact, computed by streaming it once (the artifact can be large; it is never held in
 * memory). Serializable because it is computed on the build node and returned to the controller.
 */
public record ArtifactDigest(String sha256, long size) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int BUFFER = 64 * 1024;

    public static ArtifactDigest of(InputStream in) throws IOException {
        MessageDigest sha = newSha256();
        byte[] buffer = new byte[BUFFER];
        long size = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            sha.update(buffer, 0, n);
            size += n;
        }
        return new ArtifactDigest(HexFormat.of().formatHex(sha.digest()), size);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
