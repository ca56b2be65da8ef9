package io.openclaw.deploy.agent.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.cli.ExitCodes;
import io.openclaw.deploy.agent.testing.AgentProcess;
import io.openclaw.deploy.agent.testing.FreePorts;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.agent.testing.TestReleases;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The installable zip: what an administrator unpacks, and the launcher script in it runs the agent. */
class DistributionIT {
    @TempDir
    Path tmp;

    private static Path zip() {
        return Path.of(System.getProperty("openclaw.distribution"));
    }

    @Test
    void holdsTheJarScriptsDefaultConfigurationAndDocs() throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(zip().toFile())) {
            zip.stream().map(ZipEntry::getName).forEach(names::add);
            String ps1 = read(zip, names, "bin/install-service.ps1");
            assertThat(ps1).contains("--password-stdin", "ZeroFreeBSTR").contains("service\", \"install\"").contains("\"init\", \"--home\"").contains("-lt 17")
                    .doesNotContain("New-NetFirewallRule");
            // -NoGrantLogonRight reaches install as its option (Windows only; no PowerShell here to run it).
            assertThat(ps1).contains("[switch]$NoGrantLogonRight",
                    "if ($NoGrantLogonRight) { $installArgs += @(\"--no-grant-logon-right\") }");
            assertThat(read(zip, names, "bin/openclaw-agent.cmd")).contains("\r\n").contains("lib\\openclaw-agent.jar");
        }
        String base = names.get(0).substring(0, names.get(0).indexOf('/') + 1);
        assertThat(base).startsWith("openclaw-agent-");
        assertThat(names).contains(base + "lib/openclaw-agent.jar", base + "bin/openclaw-agent",
                base + "bin/openclaw-agent.cmd", base + "bin/install-service.ps1", base + "bin/windows-checklist.ps1", base + "conf/agent.yaml",
                base + "docs/install-windows.md", base + "docs/windows-service.md");
    }

    @Test
    void theLauncherRunsTheAgentFromAnUnpackedCopy() throws Exception {
        Path root = unpack();
        // The launcher of the OS the build runs on: bin/openclaw-agent with sh, bin\openclaw-agent.cmd with cmd.exe.
        List<String> launcher = System.getProperty("os.name").startsWith("Windows")
                ? List.of("cmd.exe", "/c", root.resolve("bin").resolve("openclaw-agent.cmd").toString())
                : List.of("sh", root.resolve("bin").resolve("openclaw-agent").toString());
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("service", "--help"));

        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home")); // the Java of this build, not PATH's
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("Usage: openclaw-agent service").contains("install").contains("uninstall");
    }

    /**
     * The POSIX launcher's class-data archive for client commands holds the classes of the call that listed them, so
     * a call that never talks to the agent must not make it (a first {@code --version} left a third of the classes
     * out, and every later call paid for that: status 1.4 s instead of 1.0 s).
     */
    @Test
    @DisabledOnOs(OS.WINDOWS)
    void theLauncherKeepsAClassArchiveOnlyFromACallThatReachedTheAgent() throws Exception {
        Path root = unpack();
        Path cache = tmp.resolve("cache");
        Path home = tmp.resolve("agent-home");

        assertThat(launch(root, cache, "--version").exitCode()).isZero();
        assertThat(launch(root, cache, "status", "--help").exitCode()).isZero();
        assertThat(launch(root, cache, "status", "--home", home.toString()).exitCode())
                .as("no agent home yet").isEqualTo(ExitCodes.USAGE);
        assertThat(archives(cache)).isEmpty();

        int ports = FreePorts.block(2);
        try (AgentProcess agent = AgentProcess.init(home, TestConfigs.withPorts(Duration.ofSeconds(60), ports, ports + 1))) {
            agent.start();
            Launched first = launch(root, cache, "status", "--home", home.toString());
            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(archives(cache)).singleElement().satisfies(a -> assertThat(Files.size(a)).isPositive());

            Launched second = launch(root, cache, "status", "--home", home.toString());
            assertThat(second.exitCode()).as(second.output()).isZero();
            // Nor SLF4J's: the client's warm-up (ClientWarmUp) starts logging beside the command, never under it.
            assertThat(first.output() + second.output()).as("no CDS or SLF4J message in a command's output")
                    .doesNotContain("CDS", "archive", "SLF4J");
            // A client call logs with SLF4J's simple logger (SimpleClientLogging), whose settings the user may override;
            // the agent with logback alone (the jar does not list the simple logger as a provider).
            Map<String, String> debugLogging =
                    Map.of("OPENCLAW_JAVA_OPTS", "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug");
            Launched debug = launch(root, cache, debugLogging, "status", "--home", home.toString());
            assertThat(debug.exitCode()).as(debug.output()).isZero();
            assertThat(debug.output()).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} DEBUG \\w+ - ")
                    .as("no report of SLF4J's own").doesNotContain("SLF4J(");
            assertThat(agent.output()).as("the agent's own output").noneMatch(line -> line.contains("SLF4J("));

            // An archive the JVM cannot map (here damaged; after an upgrade of Java, another Java's) is replaced.
            Path archive = archives(cache).get(0);
            byte[] damaged = new byte[4096];
            Arrays.fill(damaged, (byte) 7);
            Files.write(archive, damaged);
            Launched unmapped = launch(root, cache, "status", "--home", home.toString());
            assertThat(unmapped.exitCode()).as(unmapped.output()).isZero();
            assertThat(unmapped.output()).doesNotContain("CDS", "archive");
            assertThat(archives(cache)).as("the unusable archive removed").isEmpty();

            Launched retrained = launch(root, cache, "status", "--home", home.toString());
            assertThat(retrained.exitCode()).as(retrained.output()).isZero();
            assertThat(archives(cache)).singleElement().satisfies(a -> assertThat(Files.size(a)).isGreaterThan(4096));

            // The archive a status call listed holds what the other commands load as well (ClientTraining): deploy and
            // rollback --wait load none of the agent's, Jackson's or picocli's classes from the jar.
            Path zips = Files.createDirectories(tmp.resolve("zips"));
            for (String version : List.of("1.0.0", "2.0.0")) {
                Path zip = TestReleases.build(zips, version, List.of("core_orchestrator"), Map.of());
                Launched deployed = launchLoggingClasses(root, cache, tmp.resolve("deploy-" + version + ".classes"),
                        "deploy", "--home", home.toString(), "--artifact", zip.toString(), "--wait");
                assertThat(deployed.exitCode()).as(deployed.output()).isZero();
            }
            Path rollbackClasses = tmp.resolve("rollback.classes");
            Launched rolledBack = launchLoggingClasses(root, cache, rollbackClasses,
                    "rollback", "--home", home.toString(), "--wait");
            assertThat(rolledBack.exitCode()).as(rolledBack.output()).isZero();
            assertThat(rolledBack.output()).contains("SUCCEEDED", "1.0.0 is live");
            assertThat(Files.readAllLines(rollbackClasses)).as("classes loaded").hasSizeGreaterThan(1000);
            for (String version : List.of("1.0.0", "2.0.0")) {
                assertThat(classesFromJar(tmp.resolve("deploy-" + version + ".classes"))).as("deploy " + version)
                        .isEmpty();
            }
            assertThat(classesFromJar(rollbackClasses)).as("rollback --wait").isEmpty();
        }
    }

    private static Launched launchLoggingClasses(Path root, Path cache, Path log, String... args) throws Exception {
        return launch(root, cache, Map.of("OPENCLAW_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), args);
    }

    /** The agent's, Jackson's and picocli's classes that the JVM loaded from the jar rather than the archive. */
    private static List<String> classesFromJar(Path classLoadLog) throws IOException {
        return Files.readAllLines(classLoadLog).stream()
                .filter(line -> line.contains("source: file:") && line.contains("openclaw-agent.jar"))
                .map(line -> line.replaceFirst("^.*\\] ", "").replaceFirst(" source: .*$", ""))
                .filter(name -> name.startsWith("io.openclaw.") || name.startsWith("com.fasterxml.")
                        || name.startsWith("picocli."))
                .toList();
    }

    private record Launched(int exitCode, String output) {}

    private static Launched launch(Path root, Path cache, String... args) throws Exception {
        return launch(root, cache, Map.of(), args);
    }

    private static Launched launch(Path root, Path cache, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", root.resolve("bin").resolve("openclaw-agent").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("XDG_CACHE_HOME", cache.toString());
        builder.environment().putAll(env);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Launched(p.exitValue(), out);
    }

    private static List<Path> archives(Path cache) throws IOException {
        Path dir = cache.resolve("openclaw");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static String read(ZipFile zip, List<String> names, String suffix) throws IOException {
        String name = names.stream().filter(n -> n.endsWith(suffix)).findFirst().orElseThrow();
        try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path unpack() throws IOException {
        Path root = null;
        try (ZipFile zip = new ZipFile(zip().toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                Path target = tmp.resolve(entry.getName()).normalize();
                assertThat(target.startsWith(tmp)).as(entry.getName()).isTrue();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    if (root == null) {
                        root = target;
                    }
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target);
                }
            }
        }
        return root;
    }

}
