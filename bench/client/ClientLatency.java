import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentEndpoint;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Benchmark, not a test: wall-clock time of AgentClient calls against a running agent, as the CLI's --wait and the
 * Jenkins plugin's polling make them. Run by bench/client-latency.sh with whichever protocol classes come first on
 * the class path.
 *
 *   java -cp CLASSPATH bench/client/ClientLatency.java API_URI TOKEN_FILE CERT_PEM CALLS
 */
public class ClientLatency {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String token = Files.readString(Path.of(args[1])).strip();
        String fingerprint;
        try (InputStream in = Files.newInputStream(Path.of(args[2]))) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        }
        int calls = Integer.parseInt(args[3]);
        try (AgentClient client = new AgentClient(AgentEndpoint.of(uri, token, fingerprint))) {
            long t0 = System.nanoTime();
            client.status();
            double first = (System.nanoTime() - t0) / 1e6;
            for (int i = 0; i < Math.min(200, calls); i++) {
                client.status(); // warm-up: JIT, TLS session code paths
            }
            double[] ms = new double[calls];
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                long t = System.nanoTime();
                client.status();
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            double total = (System.nanoTime() - start) / 1e6;
            Arrays.sort(ms);
            System.out.printf("client=%s calls=%d first=%.1fms p50=%.2fms p90=%.2fms p99=%.2fms mean=%.2fms%n",
                    AgentClient.class.getProtectionDomain().getCodeSource().getLocation().getPath().replaceAll(".*/", ""),
                    calls, first, ms[calls / 2], ms[calls * 9 / 10], ms[Math.min(calls - 1, calls * 99 / 100)],
                    total / calls);
        }
    }
}
