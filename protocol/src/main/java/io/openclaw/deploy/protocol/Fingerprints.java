package io.openclaw.deploy.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 certificate fingerprints, the form in which clients pin the agent's certificate. */
public final class Fingerprints {
    private Fingerprints() {}

    /** Lower-case hex of the SHA-256 of the certificate's DER encoding, without separators. */
    public static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint certificate", e);
        }
    }

    /**
     * Accepts what people paste ({@code AB:CD:...}, upper or lower case, with or without a {@code sha256:} prefix)
     * and returns the canonical form.
     *
     * @throws IllegalArgumentException if it is not 64 hex digits once separators are removed
     */
    public static String normalize(String fingerprint) {
        String s = fingerprint.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("sha256:")) {
            s = s.substring("sha256:".length());
        }
        s = s.replace(":", "").replace(" ", "");
        if (s.length() != 64 || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint (64 hex digits): " + fingerprint);
        }
        return s;
    }

    /** Constant-time comparison of two fingerprints in any accepted form. */
    public static boolean matches(String expected, String actual) {
        return MessageDigest.isEqual(
                normalize(expected).getBytes(StandardCharsets.US_ASCII),
                normalize(actual).getBytes(StandardCharsets.US_ASCII));
    }
}
