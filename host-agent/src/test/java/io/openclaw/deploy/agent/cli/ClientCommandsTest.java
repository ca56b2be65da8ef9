package io.openclaw.deploy.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.api.ApiFixture;
import io.openclaw.deploy.agent.api.ControlServer;
import io.openclaw.deploy.agent.api.RecordingOperations;
import io.openclaw.deploy.agent.config.AgentConfigLoader;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.protocol.ArtifactDigest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.Json;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The client commands against a real control server: output, and the exit codes scripts rely on. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientCommandsTest {
    @TempDir
    Path dir;

    private ApiFixture api;
    private Path tokenFile;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture();
        tokenFile = Files.writeString(dir.resolve("token"), api.token + "\n");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String[] remote(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command,
                "--agent", api.server.baseUri().toString(),
                "--token-file", tokenFile.toString(),
                "--fingerprint", api.server.fingerprint()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private void assertOneErrorLine() {
        assertThat(err.toString()).startsWith("openclaw-agent: error: ");
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(api.token);
    }

    @Test
    void statusSaysWhyAPausedDeploymentIsHeld() {
        String why = "identity_manager 2.0.0 by release flag at 20%: no passing check in the phase's 4 s, the last"
                + " inconclusive: 0 canary requests, 5 needed";
        Instant at = Instant.parse("2026-12-02T10:00:00Z");
        api.operations.running = new Deployment("d-1", Deployment.KIND_DEPLOY, DeploymentState.PAUSED, "2.0.0",
                "1.4.2", "auto", List.of(), null, at, at, why, null, 30, "admin");

        assertThat(run(remote("status"))).isZero();
        assertThat(out.toString().lines().filter(line -> line.startsWith("deployment")))
                .containsExactly("deployment   d-1 PAUSED 2.0.0: " + why);
    }

    @Test
    void statusPrintsTheAgentState() {
        assertThat(run(remote("status"))).isZero();
        assertThat(out.toString()).contains("1.4.2 (slot blue)").contains("gmail_processor").contains(api.server.fingerprint())
                .contains("blue 1.4.2 :8001 pid 4242 healthy w100 cpu 3.5% mem 78 MiB")
                .contains("availability 99.9850% over the last 300 s (objective 99.99%: NOT MET; 3 of 20000 requests"
                        + " failed)");
    }

    @Test
    void jsonPrintsTheApiJson() throws Exception {
        assertThat(run(remote("status", "--json"))).isZero();
        assertThat(Json.mapper().readTree(out.toString()).path("fingerprint").asText()).isEqualTo(api.server.fingerprint());
        com.fasterxml.jackson.databind.JsonNode availability = Json.mapper().readTree(out.toString()).path("availability");
        assertThat(availability.path("ratio").asDouble()).isEqualTo(0.99985);
        assertThat(availability.path("objective").asDouble()).isEqualTo(0.9999);
        assertThat(availability.path("met").asBoolean(true)).isFalse();
    }

    @Test
    void unreachableAgentExits5() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertThat(run("status", "--agent", "https://127.0.0.1:" + port, "--token-file", tokenFile.toString(),
                "--fingerprint", api.server.fingerprint())).isEqualTo(ExitCodes.UNREACHABLE);
        assertOneErrorLine();
    }

    @Test
    void wrongTokenExits5() throws Exception {
        Files.writeString(tokenFile, "not-the-token");
        assertThat(run(remote("status"))).isEqualTo(ExitCodes.UNREACHABLE);
        assertOneErrorLine();
        assertThat(err.toString()).contains("token");
    }

    @Test
    void wrongFingerprintExits5() {
        assertThat(run("status", "--agent", api.server.baseUri().toString(), "--token-file", tokenFile.toString(),
                "--fingerprint", "ab".repeat(32))).isEqualTo(ExitCodes.UNREACHABLE);
        assertOneErrorLine();
        assertThat(err.toString()).contains("did not match");
    }

    @Test
    void validationProblemExits2() throws Exception {
        Path zip = Files.write(dir.resolve("bad.zip"), new byte[] {1, 2, 3});
        api.operations.failNextDeploy =
                new OperationException(ProblemTypes.INVALID_MANIFEST, 422, "openclaw.yaml line 3: unknown key 'loopz'");
        assertThat(run(remote("deploy", "--artifact", zip.toString()))).isEqualTo(ExitCodes.USAGE);
        assertOneErrorLine();
        assertThat(err.toString()).contains("unknown key 'loopz'");
    }

    @Test
    void usageErrorsExit2() throws Exception {
        assertThat(run("deploy", "--home", dir.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(run(remote("deploy", "--artifact", dir.resolve("missing.zip").toString()))).isEqualTo(ExitCodes.USAGE);
        assertThat(run("status", "--agent", "https://127.0.0.1:1", "--token-file", tokenFile.toString(),
                "--fingerprint", "not-hex")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("status")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aUsageErrorIsOneLineNamingTheProblemAndTheHelp() {
        assertThat(run("deploy", "--home", dir.toString(), "--artifact", "release.zip", "--stratgy", "canary"))
                .isEqualTo(ExitCodes.USAGE);

        assertOneErrorLine();
        assertThat(err.toString()).contains("--stratgy").contains("did you mean --strategy")
                .contains("see 'openclaw-agent deploy --help'").doesNotContain("Usage:");
    }

    @Test
    void deployUploadsOnceAndWaitsForTheOutcome() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024];
        new java.util.Random(7).nextBytes(content);
        Path zip = Files.write(dir.resolve("release-2.0.0.zip"), content);
        String sha = ArtifactDigest.sha256(zip);

        CompletableFuture<Integer> deploy = CompletableFuture.supplyAsync(
                () -> run(remote("deploy", "--artifact", zip.toString(), "--version", "2.0.0", "--wait")));
        await().atMost(Duration.ofSeconds(20)).until(() -> api.operations.deployments.containsKey("d-1")
                && api.operations.followers("d-1") == 1);
        assertThat(api.operations.artifacts.get(sha)).isEqualTo(content);
        api.operations.push("d-1", DeploymentState.STARTING, "started gmail_processor-green-0 (pid 4242, port 8021)");
        api.operations.push("d-1", DeploymentState.VERIFYING, "gmail_processor-green-0 unhealthy: HTTP 503");
        api.operations.end("d-1", DeploymentState.ROLLED_BACK);

        assertThat(deploy.get(20, TimeUnit.SECONDS)).isEqualTo(ExitCodes.ROLLED_BACK);
        assertThat(out.toString())
                .contains("uploaded release-2.0.0.zip")
                .containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  #1   STARTING     started gmail_processor-green-0 \\(pid 4242, port 8021\\)")
                .contains("ROLLED_BACK")
                .contains("health check failed");
        assertThat(err.toString()).contains("uploading release-2.0.0.zip: 100%");

        out.getBuffer().setLength(0);
        assertThat(run(remote("deploy", "--artifact", zip.toString()))).isZero();
        assertThat(out.toString()).contains("already on the agent").contains("d-2");
    }

    @Test
    void optionsFromAYamlFileTravelWithTheDeployment() throws Exception {
        Path zip = Files.write(dir.resolve("release.zip"), new byte[] {1, 2, 3});
        Path options = Files.writeString(dir.resolve("quick-canary.yaml"),
                "canary:\n  phases: [{percentage: 10, duration_seconds: 5}, {percentage: 100}]\n  check_interval_seconds: 1\n");

        assertThat(run(remote("deploy", "--artifact", zip.toString(), "--options", options.toString()))).isZero();

        assertThat(api.operations.lastDeployRequest.options()).containsOnlyKeys("canary");
        assertThat(api.operations.lastDeployRequest.options().get("canary").toString())
                .contains("percentage=10").contains("check_interval_seconds=1");
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "canary: [\n");
        assertThat(run(remote("deploy", "--artifact", zip.toString(), "--options", broken.toString())))
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void deploymentsAndEventsOfAFinishedDeployment() {
        api.operations.deployment("d-5", "deploy", "1.5.0", "admin");
        api.operations.push("d-5", DeploymentState.SUCCEEDED, "switched");
        api.operations.end("d-5", DeploymentState.SUCCEEDED);
        assertThat(run(remote("deployments"))).isZero();
        assertThat(out.toString()).contains("d-5").contains("SUCCEEDED");
        out.getBuffer().setLength(0);
        assertThat(run(remote("events", "d-5"))).isZero();
        assertThat(out.toString()).contains("#1").contains("switched").contains("SUCCEEDED");
    }

    /**
     * {@code --home}: URL from agent.yaml, token and certificate from the home, against a server started from that
     * home.
     */
    @Test
    void homeOptionTalksToTheAgentOfThatHome() throws Exception {
        AgentHome home = initializedHome();
        int apiPort = AgentConfigLoader.load(home.configFile()).listen().apiPort();
        try (ControlServer server = serverOf(home).start()) {
            assertThat(run("status", "--home", home.root().toString())).isZero();
            assertThat(out.toString()).contains("1.4.2 (slot blue)").contains(server.fingerprint())
                    .contains("agent        https://127.0.0.1:" + apiPort + " ");
        }
    }

    /**
     * {@code --home} of an agent that serves its control socket: the call goes there (no TLS handshake), and neither
     * agent.yaml nor the certificate is needed for it.
     */
    @Test
    @DisabledOnOs(OS.WINDOWS)
    void homeOptionUsesTheAgentsControlSocketWhenItHasOne() throws Exception {
        AgentHome home = initializedHome();
        try (ControlServer server = serverOf(home).withLocalSocket(home.controlSocket()).start()) {
            Files.delete(home.configFile());
            Files.delete(home.certificatePem());

            assertThat(run("status", "--home", home.root().toString())).as(err.toString()).isZero();
            assertThat(out.toString()).contains("agent        unix:" + home.controlSocket() + " ")
                    .contains("1.4.2 (slot blue)").contains(server.fingerprint());
        }
    }

    /** A home as {@code init} makes it, its API on a free loopback port. */
    private AgentHome initializedHome() throws Exception {
        int apiPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            apiPort = probe.getLocalPort();
        }
        AgentHome home = new AgentHome(dir.resolve("home"));
        AgentHomeInitializer.initialize(home, "127.0.0.1", apiPort == 18080 ? 18081 : 18080, apiPort, false);
        return home;
    }

    /** The API server of {@code home}, not started, in front of recorded operations. */
    private static ControlServer serverOf(AgentHome home) throws Exception {
        return ControlServer.forHome(home, AgentConfigLoader.load(home.configFile()).listen(), new RecordingOperations());
    }

    @Test
    void rollbackIsAccepted() {
        assertThat(run(remote("rollback", "--to", "1.4.1", "--reason", "errors"))).isZero();
        assertThat(api.operations.calls).contains("rollback to=1.4.1 reason=errors by=admin");
        assertThat(out.toString()).contains("rollback r-");
    }

    @Test
    void pauseResumePromoteAndAbortReachTheAgent() {
        String id = api.operations.deployment("d-7", "deploy", "2.0.0", "admin").id();

        assertThat(run(remote("pause", id))).isZero();
        assertThat(run(remote("resume", id))).isZero();
        assertThat(run(remote("promote", id))).isZero();
        assertThat(run(remote("abort", id, "--reason", "support tickets"))).isZero();

        assertThat(api.operations.calls).contains(
                "pause d-7 reason=null by=admin",
                "resume d-7 reason=null by=admin",
                "promote d-7 reason=null by=admin",
                "abort d-7 reason=support tickets by=admin");
        assertThat(run(remote("pause", "d-404"))).isEqualTo(ExitCodes.ERROR);
    }
}
