package io.openclaw.deploy.protocol;

import io.netty.handler.ssl.util.SimpleTrustManagerFactory;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one server certificate: the one whose SHA-256 fingerprint was pinned. The agent's certificate is
 * self-signed, so neither a CA chain nor the host name proves anything; the pin does. Being an {@link
 * X509ExtendedTrustManager}, the JDK does not wrap it with its own host name checks.
 */
final class PinnedTrustManagerFactory extends SimpleTrustManagerFactory {
    private final TrustManager trustManager;

    PinnedTrustManagerFactory(String fingerprint) {
        this.trustManager = new PinnedTrustManager(Fingerprints.normalize(fingerprint));
    }

    @Override
    protected void engineInit(KeyStore keyStore) {}

    @Override
    protected void engineInit(ManagerFactoryParameters params) {}

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        return new TrustManager[] {trustManager};
    }

    /** Thrown during the handshake when the server presents another certificate; carries what it presented. */
    static final class FingerprintMismatchException extends CertificateException {
        private static final long serialVersionUID = 1L;

        private final String presented;

        FingerprintMismatchException(String presented) {
            super("the agent's certificate fingerprint did not match the pinned one (it presented sha256:"
                    + presented + ")");
            this.presented = presented;
        }

        String presented() {
            return presented;
        }
    }

    private static final class PinnedTrustManager extends X509ExtendedTrustManager {
        private final String pinned;

        PinnedTrustManager(String pinned) {
            this.pinned = pinned;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the agent presented no certificate");
            }
            String presented = Fingerprints.sha256(chain[0]);
            if (!Fingerprints.matches(pinned, presented)) {
                throw new FingerprintMismatchException(presented);
            }
            chain[0].checkValidity();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this trust manager only checks servers");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("this trust manager only checks servers");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("this trust manager only checks servers");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
