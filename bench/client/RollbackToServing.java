import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentEndpoint;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.Json;
import io.openclaw.deploy.protocol.RollbackRequest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark, not a test: from an HTTPS client's rollback request to "every new request is served by the previous
 * version", as a client of the loop sees it. A thread sends requests through the router one after the other (keep-alive),
 * one every POLL_MICROS (default 2000: the figure's resolution; a poller sending flat out would itself keep the two
 * cores of the benchmark machine busy, and the agent would wait for the CPU rather than work), and notes each one's
 * send time and the version that answered; a warm AgentClient (TLS session up) asks for the rollback. The figure is the send time of the first request after which no request got the new version, counted
 * from just before the rollback request left.
 *
 *   java -cp AGENT_JAR bench/client/RollbackToServing.java API_URI TOKEN_FILE CERT_PEM LOOP_URL NEW_VERSION [POLL_MICROS]
 *
 * Prints: {@code accepted_ms=... old_version_from_ms=... requests=... deployment=...}.
 */
public class RollbackToServing {
    private static final Pattern VERSION = Pattern.compile("\"version\":\"([^\"]*)\"");

    record Sample(long sentNanos, String version) {
    }

    public static void main(String[] args) throws Exception {
        URI api = URI.create(args[0]);
        String token = Files.readString(Path.of(args[1])).strip();
        String fingerprint;
        try (InputStream in = Files.newInputStream(Path.of(args[2]))) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        }
        URI loop = URI.create(args[3]);
        String newVersion = args[4];
        long pollNanos = (args.length > 5 ? Long.parseLong(args[5]) : 2000) * 1000;
        List<Sample> samples = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest get = HttpRequest.newBuilder(loop).timeout(Duration.ofSeconds(5)).GET().build();
        Thread poller = new Thread(() -> {
            long next = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long sent = System.nanoTime();
                next = sent + pollNanos;
                try {
                    String body = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
                    Matcher m = VERSION.matcher(body);
                    synchronized (samples) {
                        samples.add(new Sample(sent, m.find() ? m.group(1) : "?"));
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    synchronized (samples) {
                        samples.add(new Sample(sent, "error"));
                    }
                }
            }
        });
        try (AgentClient client = new AgentClient(AgentEndpoint.of(api, token, fingerprint))) {
            for (int i = 0; i < 50; i++) {
                // A warm client: JIT, TLS session, pooled connection, and the JSON of a rollback's request and answer
                // (a deployment) known to the mapper, as in a client that has talked to the agent before.
                client.status();
                client.deployments();
                Json.mapper().writeValueAsBytes(new RollbackRequest(null, "warm-up"));
            }
            poller.start();
            Thread.sleep(1000); // the poller's own warm-up
            long t0 = System.nanoTime();
            Deployment rollback = client.rollback(new RollbackRequest(null, "bench: rollback to serving"));
            long accepted = System.nanoTime();
            Thread.sleep(3000); // long enough for the poller to see the switch on any machine; the answers carry the times
            poller.interrupt();
            poller.join();
            long lastNew = Long.MIN_VALUE;
            int after = 0;
            synchronized (samples) {
                for (Sample s : samples) {
                    if (s.sentNanos() >= t0) {
                        after++;
                        if (s.version().equals(newVersion)) {
                            lastNew = Math.max(lastNew, s.sentNanos());
                        }
                    }
                }
                long from = t0;
                for (Sample s : samples) {
                    if (s.sentNanos() > lastNew && s.sentNanos() >= t0 && !s.version().equals(newVersion)) {
                        from = s.sentNanos();
                        break;
                    }
                }
                System.out.printf("accepted_ms=%.1f old_version_from_ms=%.1f requests=%d errors=%d deployment=%s%n",
                        (accepted - t0) / 1e6, (from - t0) / 1e6, after,
                        samples.stream().filter(s -> s.version().equals("error")).count(), rollback.id());
            }
        }
    }
}
