package io.openclaw.deploy.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.cli.Main;
import io.openclaw.deploy.agent.testing.AgentProcess;
import io.openclaw.deploy.agent.testing.FreePorts;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.agent.testing.TestReleases;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentProblemException;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.InstanceStatus;
import io.openclaw.deploy.protocol.ProblemTypes;
import io.openclaw.deploy.sample.Traffic;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 12: an agent home on a size-limited tmpfs filled to 100 %. The restarted agent starts in read-only mode and
 * keeps routing the deployed release; uploads and deployments are refused as {@code disk-full} (HTTP 507, CLI exit
 * 6) and change nothing; once space is freed a deployment goes through.
 */
@EnabledOnOs(OS.LINUX)
class DiskFullIT {
    private static final List<String> LOOPS = List.of("core_orchestrator", "gmail_processor");

    @TempDir
    Path tmp;

    private Path disk;
    private boolean mounted;
    private AgentProcess agent;
    private final Set<Long> loopPids = new HashSet<>();

    @AfterEach
    void cleanUp() throws Exception {
        if (agent != null) {
            agent.close();
        }
        loopPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        if (mounted) {
            run("umount", "-l", disk.toString());
        }
    }

    @Test
    void onAFullDiskTheAgentStartsReadOnlyKeepsRoutingRefusesChangesAndDeploysOnceSpaceIsBack() throws Exception {
        mountDisk();

        int ports = FreePorts.block(2);
        agent = AgentProcess.init(disk.resolve("home"), TestConfigs.withPorts(Duration.ofSeconds(60), ports, ports + 1));
        agent.start();
        Path zips = Files.createDirectories(tmp.resolve("zips"));
        Path v2 = TestReleases.build(zips, "2.0.0", LOOPS, Map.of());
        try (AgentClient client = agent.client()) {
            Deployment v1 = deploy(client, TestReleases.build(zips, "1.0.0", LOOPS, Map.of()));
            client.followEvents(v1.id(), 0, e -> {});
            assertThat(client.deployment(v1.id()).state()).isEqualTo(DeploymentState.SUCCEEDED);
            upload(client, v2); // uploaded while there was room; deployed once the disk is full
            assertThat(client.status().disk().readOnly()).isFalse();
        }
        loopPids.addAll(pids(status()));

        agent.kill();
        Path filler = disk.resolve("filler");
        fill(filler);
        List<String> before = homeListing();

        agent.start();
        // A cold JVM on a loaded machine may take longer than the client's 5 s for its first TLS handshake.
        AgentStatus readOnly = await().atMost(Duration.ofSeconds(60))
                .ignoreExceptionsInstanceOf(io.openclaw.deploy.protocol.AgentUnreachableException.class)
                .until(this::status, s -> true);
        assertThat(readOnly.disk().readOnly()).as("read-only mode").isTrue();
        assertThat(readOnly.disk().freeBytes()).isLessThan(64 * 1024);
        assertThat(readOnly.release()).isEqualTo("1.0.0");
        assertThat(pids(readOnly)).as("the same loop processes, adopted").isEqualTo(loopPids);
        try (Traffic traffic = Traffic.start(agent.routerPort(), LOOPS, 1)) {
            traffic.awaitMoreAnswers(50, Duration.ofSeconds(30));
            traffic.stop();
            assertThat(traffic.failures()).isEmpty();
            assertThat(traffic.versionsSentAfter(0)).containsOnly("1.0.0");
        }

        try (AgentClient client = agent.client()) {
            Path v3 = TestReleases.build(zips, "3.0.0", LOOPS, Map.of());
            assertThatThrownBy(() -> upload(client, v3)).isInstanceOfSatisfying(AgentProblemException.class, e -> {
                assertThat(e.problem().type()).isEqualTo(ProblemTypes.DISK_FULL);
                assertThat(e.problem().status()).isEqualTo(507);
            });
            assertThatThrownBy(() -> client.deploy(DeployRequest.of(TestReleases.sha256(v2)), null))
                    .isInstanceOfSatisfying(AgentProblemException.class, e -> {
                        assertThat(e.problem().type()).isEqualTo(ProblemTypes.DISK_FULL);
                        assertThat(e.problem().status()).isEqualTo(507);
                    });
            assertThatThrownBy(() -> client.rollback(new io.openclaw.deploy.protocol.RollbackRequest(null, "test")))
                    .isInstanceOfSatisfying(AgentProblemException.class,
                            e -> assertThat(e.problem().type()).isEqualTo(ProblemTypes.DISK_FULL));
            var flag = io.openclaw.deploy.protocol.Json.mapper().readTree("{\"enabled\": true}");
            assertThatThrownBy(() -> client.putFlag("dark-mode", flag))
                    .isInstanceOfSatisfying(AgentProblemException.class, e -> {
                        assertThat(e.problem().type()).isEqualTo(ProblemTypes.DISK_FULL);
                        assertThat(e.problem().status()).isEqualTo(507);
                    });
            assertThat(client.deployments()).hasSize(1);
        }
        StringWriter err = new StringWriter();
        int exit = cli(err, "deploy", "--home", agent.home().root().toString(), "--artifact", v2.toString());
        assertThat(exit).isEqualTo(7);
        assertThat(err.toString()).startsWith("openclaw-agent: error: the disk of the agent home is full")
                .contains("[disk-full, HTTP 507]");
        assertThat(homeListing()).as("nothing changed in the home").isEqualTo(before);

        Files.delete(filler);
        try (AgentClient client = agent.client()) {
            Deployment d = client.deploy(DeployRequest.of(TestReleases.sha256(v2)), null);
            client.followEvents(d.id(), 0, e -> {});
            assertThat(client.deployment(d.id()).state()).isEqualTo(DeploymentState.SUCCEEDED);
            AgentStatus after = client.status();
            assertThat(after.disk().readOnly()).isFalse();
            assertThat(after.release()).isEqualTo("2.0.0");
            loopPids.addAll(pids(after));
        }
    }

    @Test
    void aDeploymentThatFillsTheDiskFailsForThatReasonAndGivesItsSpaceBack() throws Exception {
        mountDisk();
        int ports = FreePorts.block(2);
        agent = AgentProcess.init(disk.resolve("home"), TestConfigs.withPorts(Duration.ofSeconds(60), ports, ports + 1));
        agent.start();
        Path zips = Files.createDirectories(tmp.resolve("zips"));
        Path big = padded(TestReleases.build(zips, "2.0.0", LOOPS, Map.of()), 6);
        String bigSha = TestReleases.sha256(big);
        Path artifact = agent.home().artifacts().resolve(bigSha + ".zip");
        try (AgentClient client = agent.client()) {
            Deployment v1 = deploy(client, TestReleases.build(zips, "1.0.0", LOOPS, Map.of()));
            client.followEvents(v1.id(), 0, e -> {});
            loopPids.addAll(pids(client.status()));
            upload(client, big);
            assertThat(artifact).exists();

            Path filler = disk.resolve("filler");
            fill(filler);
            try (var channel = java.nio.channels.FileChannel.open(filler, java.nio.file.StandardOpenOption.WRITE)) {
                channel.truncate(channel.size() - 3 * 1024 * 1024); // room for the journal, not for the release
            }
            Deployment d = client.deploy(DeployRequest.of(bigSha), null);
            client.followEvents(d.id(), 0, e -> {});
            Deployment failed = client.deployment(d.id());
            assertThat(failed.state()).isEqualTo(DeploymentState.FAILED);
            assertThat(failed.reason()).startsWith("the disk of the agent home is full: cannot install the release");
            assertThat(artifact).as("the failed deployment's artifact, deleted at once").doesNotExist();
            assertThat(agent.home().releases().resolve("2.0.0")).doesNotExist();
            try (var left = Files.list(agent.home().releases())) {
                assertThat(left.map(p -> p.getFileName().toString())).containsExactly("1.0.0");
            }
            assertThat(client.status().release()).isEqualTo("1.0.0");
        }
        try (Traffic traffic = Traffic.start(agent.routerPort(), LOOPS, 1)) {
            traffic.awaitMoreAnswers(20, Duration.ofSeconds(30));
            traffic.stop();
            assertThat(traffic.failures()).isEmpty();
            assertThat(traffic.versionsSentAfter(0)).containsOnly("1.0.0");
        }

        // About 9 MiB are free: two uploads of 6 MiB at once cannot both fit. Each is stored or refused as disk-full
        // (before its body or during it), never a cut connection, and a refused one leaves no file.
        Path a = padded(TestReleases.build(zips, "3.0.0", LOOPS, Map.of()), 6);
        Path b = padded(TestReleases.build(zips, "4.0.0", LOOPS, Map.of()), 6);
        List<java.util.concurrent.CompletableFuture<Throwable>> uploads = List.of(a, b).stream()
                .map(zip -> java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try (AgentClient client = agent.client()) {
                        upload(client, zip);
                        return (Throwable) null;
                    } catch (Exception e) {
                        return e;
                    }
                }))
                .toList();
        List<Throwable> outcomes = uploads.stream().map(java.util.concurrent.CompletableFuture::join).toList();
        assertThat(outcomes).filteredOn(t -> t != null).isNotEmpty().allSatisfy(t -> {
            assertThat(t).isInstanceOf(AgentProblemException.class);
            assertThat(((AgentProblemException) t).problem().type()).isEqualTo(ProblemTypes.DISK_FULL);
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (var files = Files.list(agent.home().artifacts())) {
                assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".zip"));
            }
        });
    }

    private void mountDisk() throws Exception {
        disk = Files.createDirectories(tmp.resolve("disk"));
        String mount = run("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", disk.toString());
        Assumptions.assumeTrue(mount == null,
                "a tmpfs cannot be mounted here (this test needs root and mount permission): " + mount);
        mounted = true;
    }

    /** The release with {@code mebibytes} of random bytes stored (not compressed) beside it. */
    private static Path padded(Path zip, int mebibytes) throws IOException {
        Path padded = zip.resolveSibling("padded-" + zip.getFileName());
        byte[] noise = new byte[mebibytes * 1024 * 1024];
        new java.security.SecureRandom().nextBytes(noise);
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip));
                var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(padded))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
            out.putNextEntry(new java.util.zip.ZipEntry("data/padding.bin"));
            out.write(noise);
            out.closeEntry();
        }
        return padded;
    }

    private static Deployment deploy(AgentClient client, Path zip) throws Exception {
        upload(client, zip);
        return client.deploy(DeployRequest.of(TestReleases.sha256(zip)), null);
    }

    private static void upload(AgentClient client, Path zip) throws Exception {
        try (InputStream in = Files.newInputStream(zip)) {
            client.uploadArtifact(TestReleases.sha256(zip), Files.size(zip), in);
        }
    }

    private AgentStatus status() throws Exception {
        try (AgentClient client = agent.client()) {
            return client.status();
        }
    }

    private static Set<Long> pids(AgentStatus status) {
        Set<Long> pids = new HashSet<>();
        status.loops().forEach(l -> l.instances().stream().map(InstanceStatus::pid).forEach(pids::add));
        return pids;
    }

    /** Writes until the file system says it is full. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left on device");
        }
        byte[] small = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(small);
                out.flush();
            }
        } catch (IOException full) {
            // the last pages too
        }
    }

    /** Every file of the home with its size, but the logs (which the agent writes as long as it can). */
    private List<String> homeListing() throws IOException {
        Path home = agent.home().root();
        try (var files = Files.walk(home)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(agent.home().logs()))
                    .map(p -> home.relativize(p) + " " + size(p))
                    .sorted()
                    .toList();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static int cli(StringWriter err, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " did not finish";
        }
        return p.exitValue() == 0 ? null : String.join(" ", command) + " exited " + p.exitValue() + ": " + out;
    }
}
