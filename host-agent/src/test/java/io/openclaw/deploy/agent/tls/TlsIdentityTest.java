package io.openclaw.deploy.agent.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.JdkSslContext;
import io.openclaw.deploy.protocol.Fingerprints;
import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The API's server context: its one key offered to TLS 1.3 and 1.2 clients, over real sockets on loopback. */
class TlsIdentityTest {
    private static final TlsIdentity IDENTITY = SelfSignedCertificates.generate(Set.of("localhost"), Instant.now());

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aClientThatTrustsTheCertificateCompletesAHandshake(String protocol) throws Exception {
        SSLContext server = ((JdkSslContext) IDENTITY.serverContext()).context();
        try (SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket socket = (SSLSocket) listening.accept()) {
                    socket.startHandshake();
                    socket.getOutputStream().write(1);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket client = (SSLSocket) trusting().getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
                client.setEnabledProtocols(new String[] {protocol});
                client.startHandshake();

                assertThat(client.getSession().getProtocol()).isEqualTo(protocol);
                X509Certificate served = (X509Certificate) client.getSession().getPeerCertificates()[0];
                assertThat(Fingerprints.sha256(served)).isEqualTo(IDENTITY.fingerprint());
                assertThat(client.getInputStream().read()).isEqualTo(1);
            }
            accepted.get(30, TimeUnit.SECONDS);
        }
    }

    private static SSLContext trusting() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("agent", IDENTITY.certificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
