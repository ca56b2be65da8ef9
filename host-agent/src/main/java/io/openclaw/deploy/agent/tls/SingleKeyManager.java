package io.openclaw.deploy.agent.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Offers the one key the API serves with, for every handshake. Handed to the {@code SSLContext} directly rather than
 * through a {@code KeyManagerFactory}, which only takes a key store: putting the key into one encrypts it with
 * 10,000 rounds of PBKDF2 and the factory decrypts it again, about 0.1 s of CPU in every agent start for a key that is
 * in memory already (issue 12: back in control within 2 s).
 */
final class SingleKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "api";

    private final PrivateKey key;
    private final X509Certificate certificate;

    SingleKeyManager(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return offered(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return offered(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = offered(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? new X509Certificate[] {certificate} : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }

    /** The API never authenticates itself as a client. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    /** The alias if the handshake asks for the key's type (e.g. "EC"; TLS 1.2 may ask for others first). */
    private String offered(String keyType) {
        return keyType != null && keyType.equalsIgnoreCase(key.getAlgorithm()) ? ALIAS : null;
    }
}
