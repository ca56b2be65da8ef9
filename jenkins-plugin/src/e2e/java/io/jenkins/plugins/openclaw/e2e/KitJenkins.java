package io.jenkins.plugins.openclaw.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * The real Jenkins 2.516.2 of the shared kit ({@code ../shared/jenkins}) in a home of its own on a free loopback port,
 * with the kit's plugins and the {@code .hpi} under test installed before the first start, and secured: a local user
 * {@code admin}, anonymous read-only access (so that a visitor without the roll-back permission can look at the build
 * pages), CSRF crumbs on. {@link #kill()} stops it hard (SIGKILL), {@link #start()} brings the same home back.
 */
public final class KitJenkins implements AutoCloseable {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-e2e";

    private final Path kit;
    private final Path home;
    private final int port;
    private Process process;

    private KitJenkins(Path kit, Path home, int port) {
        this.kit = kit;
        this.home = home;
        this.port = port;
    }

    public static Path kitDir() {
        return Path.of(System.getProperty("openclaw.jenkinsKit", "../../shared/jenkins")).toAbsolutePath().normalize();
    }

    /** A new home with the kit's plugins, the plugin under test and the security set-up; not started yet. */
    public static KitJenkins prepare(Path home, Path hpi) throws IOException {
        Path kit = kitDir();
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        try (Stream<Path> jpis = Files.list(kit.resolve("plugins"))) {
            for (Path jpi : jpis.filter(p -> p.toString().endsWith(".jpi")).toList()) {
                Files.copy(jpi, plugins.resolve(jpi.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(hpi, plugins.resolve("openclaw-deploy.jpi"), StandardCopyOption.REPLACE_EXISTING);
        Path init = Files.createDirectories(home.resolve("init.groovy.d"));
        Files.writeString(init.resolve("10-e2e-security.groovy"), """
                import jenkins.model.Jenkins
                import hudson.security.HudsonPrivateSecurityRealm
                import hudson.security.FullControlOnceLoggedInAuthorizationStrategy
                def j = Jenkins.get()
                if (!(j.securityRealm instanceof HudsonPrivateSecurityRealm)) {
                  def realm = new HudsonPrivateSecurityRealm(false, false, null)
                  realm.createAccount('%s', '%s')
                  j.securityRealm = realm
                  def strategy = new FullControlOnceLoggedInAuthorizationStrategy()
                  strategy.allowAnonymousRead = true
                  j.authorizationStrategy = strategy
                  j.numExecutors = 2
                  j.save()
                }
                """.formatted(ADMIN, ADMIN_PASSWORD), StandardCharsets.UTF_8);
        return new KitJenkins(kit, home, freePort());
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public Path home() {
        return home;
    }

    public Path log() {
        return home.resolve("jenkins.log");
    }

    /**
     * Starts Jenkins and waits until it serves its login page with every plugin loaded. C1 only and the serial
     * collector: a test Jenkins serves a few pages and short Pipelines, and C2's compiler threads and G1's concurrent
     * ones made it take twice the CPU to start (about 15 s instead of 7 s here) on a 2-core machine it shares with
     * the agents under test.
     */
    public void start() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder launcher = new ProcessBuilder(List.of(java.toString(), "-Xmx768m",
                        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                        "-Djenkins.install.runSetupWizard=false",
                        "-Dhudson.model.UpdateCenter.never=true",
                        "-Dhudson.model.DownloadService.never=true",
                        "-jar", kit.resolve("jenkins.war").toString(),
                        "--httpPort=" + port, "--httpListenAddress=127.0.0.1",
                        "--webroot=" + home.resolve("war")))
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        launcher.environment().put("JENKINS_HOME", home.toString());
        process = launcher.start();
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await("Jenkins at " + url() + " fully up (log " + log() + ")")
                .atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Jenkins exited with " + process.exitValue() + ", see " + log());
                    }
                    HttpResponse<Void> login = http.send(
                            HttpRequest.newBuilder(url().resolve("login")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    return login.statusCode() == 200 && logText().contains("Jenkins is fully up and running");
                });
    }

    public String logText() throws IOException {
        return Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "";
    }

    /** SIGKILL: no shutdown hook, no flushing, the way a crash or an OOM kill ends it. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
