package io.openclaw.deploy.agent.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.openclaw.deploy.protocol.Fingerprints;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
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

    /** A Netty server context speaking TLS 1.3 and 1.2 only. */
    public SslContext serverContext() throws SSLException {
        return SslContextBuilder.forServer(privateKey, certificate)
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .build();
    }

    @Override
    public String toString() {
        return "TlsIdentity[" + certificate.getSubjectX500Principal() + ", sha256:" + fingerprint() + "]";
    }
}
