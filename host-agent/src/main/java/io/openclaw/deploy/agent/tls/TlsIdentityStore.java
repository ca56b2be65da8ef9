package io.openclaw.deploy.agent.tls;

import io.openclaw.deploy.agent.config.AgentHome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the API's {@link TlsIdentity} in the agent home: a PKCS#12 key store ({@link AgentHome#keyStore()}) whose
 * random password is in {@code conf/tls/keystore-password}, both owner-only, and the certificate alone as PEM
 * ({@link AgentHome#certificatePem()}) for clients that want to compute the fingerprint.
 */
public final class TlsIdentityStore {
    static final String ALIAS = "openclaw-agent";

    private TlsIdentityStore() {}

    public static Path passwordFile(AgentHome home) {
        return home.tlsDir().resolve("keystore-password");
    }

    /** Generates a new identity for {@code names} and stores it, replacing any previous one. */
    public static TlsIdentity create(AgentHome home, Set<String> names) throws IOException {
        TlsIdentity identity = SelfSignedCertificates.generate(names, Instant.now());
        OwnerOnlyFiles.createDirectory(home.tlsDir());
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret).toCharArray();
        try {
            byte[] store = encode(identity, password);
            OwnerOnlyFiles.write(passwordFile(home), new String(password).getBytes(StandardCharsets.US_ASCII));
            OwnerOnlyFiles.write(home.keyStore(), store);
            OwnerOnlyFiles.write(home.certificatePem(), pem(identity.certificate()).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the TLS key store: " + e.getMessage(), e);
        }
        return identity;
    }

    /**
     * The key store's bytes, protected with one round of each key derivation instead of the JDK's 10,000: its password
     * is 192 random bits in an owner-only file beside it, so rounds that slow down guessing a password protect nothing
     * here, while every agent start would pay them in reading it (about 0.1 s of CPU; issue 12). The certificate, which
     * is public, is stored unencrypted. The JDK takes these settings from system properties only, read while the store
     * is written; they are set for that moment and put back.
     */
    static byte[] encode(TlsIdentity identity, char[] password) throws GeneralSecurityException, IOException {
        Map<String, String> fast = Map.of(
                "keystore.pkcs12.keyPbeIterationCount", "1",
                "keystore.pkcs12.macIterationCount", "1",
                "keystore.pkcs12.certProtectionAlgorithm", "NONE");
        Map<String, String> previous = new HashMap<>();
        synchronized (TlsIdentityStore.class) {
            fast.keySet().forEach(name -> previous.put(name, System.getProperty(name)));
            try {
                fast.forEach(System::setProperty);
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry(ALIAS, identity.privateKey(), password, new Certificate[] {identity.certificate()});
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                store.store(bytes, password);
                return bytes.toByteArray();
            } finally {
                previous.forEach((name, value) -> {
                    if (value == null) {
                        System.clearProperty(name);
                    } else {
                        System.setProperty(name, value);
                    }
                });
            }
        }
    }

    /** Loads the identity the agent serves the API with (a key store of any protection the JDK reads). */
    public static TlsIdentity load(AgentHome home) throws IOException {
        Path storeFile = home.keyStore();
        if (!Files.isRegularFile(storeFile)) {
            throw new IOException("no TLS key store at " + storeFile + " (run 'openclaw-agent init' first)");
        }
        char[] password = Files.readString(passwordFile(home), StandardCharsets.US_ASCII).trim().toCharArray();
        try (InputStream in = Files.newInputStream(storeFile)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            Key key = store.getKey(ALIAS, password);
            Certificate certificate = store.getCertificate(ALIAS);
            if (!(key instanceof PrivateKey privateKey) || !(certificate instanceof X509Certificate x509)) {
                throw new IOException("the key store " + storeFile + " holds no '" + ALIAS + "' key entry");
            }
            return new TlsIdentity(privateKey, x509);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the TLS key store " + storeFile + ": " + e.getMessage(), e);
        }
    }

    /** Reads a PEM (or DER) certificate, e.g. {@link AgentHome#certificatePem()}. */
    public static X509Certificate readCertificate(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the certificate " + file + ": " + e.getMessage(), e);
        }
    }

    static String pem(X509Certificate certificate) {
        try {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the certificate", e);
        }
    }
}
