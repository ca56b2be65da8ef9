package io.openclaw.deploy.agent.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.openclaw.deploy.protocol.Fingerprints;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/** The control API's private key and self-signed certificate. Clients pin {@link #fingerprint()}. */
public record TlsIdentity(PrivateKey privateKey, X509Certificate certificate) {
    public TlsIdentity {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** Lower-case hex SHA-256 of the certificate, the value clients pin. */
    public String fingerprint() {
        return Fingerprints.sha256(certificate);
    }

    /**
     * A Netty server context speaking TLS 1.3 and 1.2 only, over the JDK's own {@link SSLContext}. Built by hand rather
     * than by {@code SslContextBuilder.forServer}: that path initialises Netty's {@code JdkSslServerContext}, whose
     * static check parses a sample PEM key through Bouncy Castle whenever it is on the class path (it is, for
     * {@code init}'s certificate), loading the whole provider and testing an RSA modulus for primality: seconds of an
     * agent restart on a busy machine, for nothing the API uses (issue 12: back in control within 2 s).
     */
    public SslContext serverContext() throws SSLException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new SingleKeyManager(privateKey, certificate)}, null, null);
            return new JdkSslContext(context, false, null, SupportedCipherSuiteFilter.INSTANCE,
                    ApplicationProtocolConfig.DISABLED, ClientAuth.NONE, new String[] {"TLSv1.3", "TLSv1.2"}, false);
        } catch (GeneralSecurityException e) {
            throw new SSLException("cannot set up TLS with the agent's key and certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TlsIdentity[" + certificate.getSubjectX500Principal() + ", sha256:" + fingerprint() + "]";
    }
}
