package io.jenkins.plugins.openclaw;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentEndpoint;
import io.openclaw.deploy.protocol.Fingerprints;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.awaitility.Awaitility;

/**
 * A real OpenClaw host agent for the {@code *ITest}s: {@code openclaw-agent.jar init} in a temporary home with free
 * loopback ports, then {@code serve} as a child process. {@link #close()} stops it and every process it started.
 */
public final class RealAgent implements AutoCloseable {
    public final Path home;
    public final URI url;
    public final String token;
    public final String fingerprint;
    /** The loops' router: {@code http://127.0.0.1:<routerPort>/loops/<loop>/...}. */
    public final int routerPort;
    private final Process process;

    /**
     * The JVM options bin/openclaw-agent and a service definition start {@code serve} with (the agent's
     * AgentJvmOptions.SERVER): the agent runs as installed, and starts on about half the CPU of a JVM with its defaults.
     */
    private static final List<String> SERVER_JVM = List.of("-Xms32m", "-Xmx128m", "-XX:MaxDirectMemorySize=32m",
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=32m");
    /** bin/openclaw-agent's options for the short commands ({@code init}). */
    private static final List<String> CLI_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private RealAgent(Path home, URI url, String token, String fingerprint, int routerPort, Process process) {
        this.home = home;
        this.url = url;
        this.token = token;
        this.fingerprint = fingerprint;
        this.routerPort = routerPort;
        this.process = process;
    }

    public static Path agentJar() {
        return Path.of(System.getProperty("openclaw.agentJar", "../host-agent/target/openclaw-agent.jar"));
    }

    public static Path sampleRelease() {
        return Path.of(System.getProperty(
                "openclaw.sampleRelease", "../examples/sample-app/target/openclaw-sample-app.zip"));
    }

    /** An agent that gives up on a loop process not healthy within 20 s (the shipped minute is for production). */
    public static RealAgent start(Path home) throws Exception {
        return start(home, Duration.ofSeconds(20));
    }

    /**
     * @param startTimeout how long a new loop process may take to pass its health check before the deployment gives
     *                     up on it (agent.yaml's {@code supervisor.start_timeout_seconds})
     */
    public static RealAgent start(Path home, Duration startTimeout) throws Exception {
        int apiPort = freePort();
        int routerPort = freePort();
        run(List.of("init", "--home", home.toString(), "--api-port", Integer.toString(apiPort),
                "--router-port", Integer.toString(routerPort), "--bind", "127.0.0.1"));
        usePortBlock(home.resolve("conf/agent.yaml"), startTimeout);
        String token = Files.readString(home.resolve("conf/api-token"), StandardCharsets.UTF_8).trim();
        Process serve = java(SERVER_JVM, List.of("serve", "--home", home.toString(), "--stop-all-on-exit"))
                .redirectOutput(home.resolve("agent-stdout.log").toFile())
                .redirectErrorStream(true)
                .start();
        URI url = URI.create("https://127.0.0.1:" + apiPort);
        String[] fingerprint = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            fingerprint[0] = presentedFingerprint(apiPort);
            return fingerprint[0] != null;
        });
        RealAgent agent = new RealAgent(home, url, token, fingerprint[0], routerPort, serve);
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            try (AgentClient c = agent.client()) {
                return c.status() != null;
            }
        });
        return agent;
    }

    public AgentClient client() {
        return new AgentClient(AgentEndpoint.of(url, token, fingerprint));
    }

    /**
     * Moves the loops' ports from the shipped 8000-8199 to a block of 200 below Linux's ephemeral range (where no
     * outgoing connection can take one first), so that agents of tests running side by side do not collide; and
     * the timings a test needs.
     */
    private static void usePortBlock(Path agentYaml, Duration startTimeout) throws IOException {
        int base = 10_000 + 200 * java.util.concurrent.ThreadLocalRandom.current().nextInt(110);
        String yaml = Files.readString(agentYaml, StandardCharsets.UTF_8)
                .replace("port_range: [8000, 8014]", "port_range: [" + base + ", " + (base + 14) + "]")
                .replace("port_range: [8020, 8034]", "port_range: [" + (base + 20) + ", " + (base + 34) + "]")
                .replace("extra_port_range: [8040, 8199]", "extra_port_range: [" + (base + 40) + ", " + (base + 199) + "]")
                .replace("start_timeout_seconds: 60", "start_timeout_seconds: " + startTimeout.toSeconds())
                // A rollback is a routing switch to the previous slot, still running, however long the test took to
                // get there: starting every loop of the previous release again is the agent's own tests' business
                // (BlueGreenReleaseIT), and 16 processes on a loaded test machine outlast the start timeout.
                .replace("scale_down_delay_seconds: 30", "scale_down_delay_seconds: 900")
                // The test machine is shared: its CPU and latency measure the other builds as much as the release,
                // so these two verification items only warn (the report still shows them).
                .replace("warn_only: []", "warn_only: [cpu, p95_latency]");
        Files.writeString(agentYaml, yaml, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The SHA-256 of the certificate the agent presents; trusting it here is what "pinning" then checks. */
    private static String presentedFingerprint(int port) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return Fingerprints.sha256((X509Certificate) socket.getSession().getPeerCertificates()[0]);
        }
    }

    private static ProcessBuilder java(List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(agentJar().toString());
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    private static void run(List<String> args) throws Exception {
        Process p = java(CLI_JVM, args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("openclaw-agent " + args + " failed:\n" + out);
        }
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
