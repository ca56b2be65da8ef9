package io.openclaw.deploy.agent.api;

import io.openclaw.deploy.agent.testing.TrustingHttpClient;
import io.openclaw.deploy.agent.tls.SelfSignedCertificates;
import io.openclaw.deploy.agent.tls.TlsIdentity;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A real control server on a loopback ephemeral port, in front of {@link RecordingOperations}. */
public final class ApiFixture implements AutoCloseable {
    // One certificate for every test class (generating one is slow); valid from class loading on, which is the point.
    @SuppressWarnings("TimeInStaticInitializer")
    static final TlsIdentity TLS = SelfSignedCertificates.generate(Set.of("localhost", "127.0.0.1", "::1"), Instant.now());

    public final RecordingOperations operations = new RecordingOperations();
    public final String token = ApiToken.generate();
    public final ControlServer server;

    public ApiFixture() throws Exception {
        server = new ControlServer("127.0.0.1", 0, TLS, ApiToken.of(token), operations).start();
    }

    URI uri(String path) {
        return URI.create(server.baseUri() + path);
    }

    AgentEndpoint endpoint() {
        return new AgentEndpoint(server.baseUri(), token, server.fingerprint(), Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    AgentClient client() {
        return new AgentClient(endpoint());
    }

    /** A plain JDK client trusting the server's certificate, for requests the AgentClient would never send. */
    HttpClient rawClient() throws Exception {
        return TrustingHttpClient.trusting(TLS.certificate());
    }

    /** {@link AgentClient#followEvents} from 0 on another thread; the future ends with it. */
    static java.util.concurrent.CompletableFuture<Long> followInBackground(
            AgentClient client, String deploymentId, java.util.function.Consumer<io.openclaw.deploy.protocol.DeploymentEvent> sink) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return client.followEvents(deploymentId, 0, sink);
            } catch (io.openclaw.deploy.protocol.AgentClientException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /** A JDK server-side TLS context presenting {@code identity}, for stand-in servers the client must trust or refuse. */
    static SSLContext serverSsl(TlsIdentity identity) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("k", identity.privateKey(), "pw".toCharArray(), new Certificate[] {identity.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "pw".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        return ssl;
    }

    @Override
    public void close() {
        server.close();
    }
}
