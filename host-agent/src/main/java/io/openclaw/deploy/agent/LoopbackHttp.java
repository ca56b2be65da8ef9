package io.openclaw.deploy.agent;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The one JDK HTTP client for the agent's plain-HTTP calls on loopback: the router process' admin port, the loops'
 * health checks and shutdown paths. One, because every client has a selector thread of its own; plain, because a
 * client left to its defaults reads the JDK's trust store, a tenth of a second of a restarted agent's start
 * (docs/reliability.md) for certificates that loopback HTTP never checks. Each call sets its own timeout.
 */
public final class LoopbackHttp {
    /**
     * Longest wait for a loopback connection: it is made at once or refused, unless the other side's accept queue is
     * full, when the kernel retries after a second.
     */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private LoopbackHttp() {}

    /** Made on first use; the agent's start makes it beside other steps. */
    public static HttpClient client() {
        return Holder.CLIENT;
    }

    private static final class Holder {
        static final HttpClient CLIENT = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .sslContext(noTrust())
                .build();

        /** Trusts nothing: an {@code https} URL given to this client by mistake fails instead of being trusted. */
        private static SSLContext noTrust() {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(new KeyManager[0], new TrustManager[0], null);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no TLS", e);
            }
        }
    }
}
