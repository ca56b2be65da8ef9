package io.openclaw.deploy.agent.testing;

import io.openclaw.deploy.agent.cli.FullStop;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentConfigLoader;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.service.AgentJvmOptions;
import io.openclaw.deploy.agent.tls.TlsIdentityStore;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentEndpoint;
import io.openclaw.deploy.protocol.Fingerprints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The packaged agent jar run as its own OS process ({@code init} then {@code serve}), so that tests can kill it the
 * way an operating system would and start it again.
 */
public final class AgentProcess implements AutoCloseable {
    private final AgentHome home;
    private final AgentConfig config;
    private final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
    private Process process;

    private AgentProcess(AgentHome home, AgentConfig config) {
        this.home = home;
        this.config = config;
    }

    /** Creates a home with {@code init}, then gives it the test's ports and timings. */
    public static AgentProcess init(Path root, AgentConfig config) throws Exception {
        AgentHome home = new AgentHome(root);
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(CLI_JVM);
        command.addAll(List.of("-jar", defaultJar().toString(), "init", "--home", root.toString()));
        Process init = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .start();
        String out = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
            throw new IllegalStateException("init failed: " + out);
        }
        AgentConfigLoader.write(home.configFile(), config);
        return new AgentProcess(home, config);
    }

    public AgentHome home() {
        return home;
    }

    public int routerPort() {
        return config.listen().routerPort();
    }

    /** Runs this jar from the next {@link #start()} on (an agent upgrade, as far as the agent can tell). */
    public void useJar(Path jar) {
        this.jar = jar;
    }

    /** JVM options of the next {@link #start()}s instead of the launchers' ({@link AgentJvmOptions#SERVER}). */
    public void useJvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
    }

    /** Starts {@code serve} and returns once the agent says it is ready. */
    public void start() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--home", home.root().toString()));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .start();
        CountDownLatch ready = new CountDownLatch(1);
        Process started = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.add(line);
                    if (line.startsWith("openclaw-agent ready")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                output.add("(output closed: " + e.getMessage() + ")");
            }
        }, "agent-output");
        reader.setDaemon(true);
        reader.start();
        // Generous: on a 2-core machine under heavy load a JVM start alone can take tens of seconds.
        if (!ready.await(180, TimeUnit.SECONDS)) {
            throw new IllegalStateException("agent did not become ready:\n" + String.join("\n", output));
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Whether the agent process this object last started is alive. */
    public boolean running() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, exactly like a crash or a kill from the task manager. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the graceful stop of a service manager. Returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("agent did not stop within 60 s");
        }
        return process.exitValue();
    }

    public AgentClient client() throws IOException {
        String token = Files.readString(home.tokenFile(), StandardCharsets.US_ASCII).trim();
        String fingerprint = Fingerprints.sha256(TlsIdentityStore.readCertificate(home.certificatePem()));
        return new AgentClient(new AgentEndpoint(URI.create("https://127.0.0.1:" + config.listen().apiPort()), token,
                fingerprint, Duration.ofSeconds(5), Duration.ofSeconds(30)));
    }

    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** As {@code service stop --all}: the agent stops with its router and every loop. Returns the exit code. */
    public int stopEverything() throws Exception {
        FullStop.request(home);
        return stop();
    }

    /** The router process this home's agent runs (or left running), if any. */
    public java.util.Optional<ProcessHandle> routerProcess() {
        try {
            String json = Files.readString(home.state().resolve("router/router.json"));
            java.util.regex.Matcher pid = java.util.regex.Pattern.compile("\"pid\":(\\d+)").matcher(json);
            return pid.find() ? ProcessHandle.of(Long.parseLong(pid.group(1))).filter(ProcessHandle::isAlive)
                    : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Stops everything; a router left by a killed or detached agent goes too, so that no test leaks processes. */
    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            stopEverything();
        }
        routerProcess().ifPresent(ProcessHandle::destroyForcibly);
    }

    private Path jar = defaultJar();
    /**
     * As bin/openclaw-agent and a service definition start {@code serve}: what the tests run is what operators run, and
     * a JVM with its defaults (G1, C2, a heap of a quarter of the machine's memory) takes about twice the CPU
     * to start, which the other tests on a 2-core machine wait for.
     */
    private List<String> jvmOptions = AgentJvmOptions.SERVER;
    /** The launchers' options for the short commands ({@code init}): bin/openclaw-agent's {@code cli_opts}. */
    private static final List<String> CLI_JVM =
            List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:+UseSerialGC", "-XX:-UsePerfData");

    /** The packaged agent jar of this build. */
    public static Path defaultJar() {
        return Path.of(System.getProperty("openclaw.agentJar", "target/openclaw-agent.jar"));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
