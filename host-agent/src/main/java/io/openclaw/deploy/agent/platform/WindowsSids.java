package io.openclaw.deploy.agent.platform;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Security identifiers the agent compares and grants by. SIDs, not names: names are localized ("Administratoren") and
 * a bare name can match an unrelated account of another domain.
 */
public final class WindowsSids {
    public static final String LOCAL_SYSTEM = "S-1-5-18";
    public static final String LOCAL_SERVICE = "S-1-5-19";
    public static final String NETWORK_SERVICE = "S-1-5-20";
    public static final String ADMINISTRATORS = "S-1-5-32-544";
    /** Placeholder in inheritable entries: whoever creates the child object (then its owner, who is trusted). */
    public static final String CREATOR_OWNER = "S-1-3-0";
    /** Placeholder for the object's owner (who is trusted). */
    public static final String OWNER_RIGHTS = "S-1-3-4";

    private WindowsSids() {}

    /**
     * The SID of the virtual account {@code NT SERVICE\<service>}: S-1-5-80- followed by the SHA-1 of the upper-cased
     * service name in UTF-16LE, read as five little-endian 32-bit numbers (what {@code sc showsid} prints). Computed,
     * because {@code LookupAccountName} knows the account only once the service is registered.
     */
    public static String virtualAccount(String serviceName) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-1")
                    .digest(serviceName.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_16LE));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
        ByteBuffer words = ByteBuffer.wrap(hash).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder sid = new StringBuilder("S-1-5-80");
        for (int i = 0; i < 5; i++) {
            sid.append('-').append(Integer.toUnsignedLong(words.getInt()));
        }
        return sid.toString();
    }
}
