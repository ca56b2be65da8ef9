package io.openclaw.deploy.agent.flags;

import static io.openclaw.deploy.agent.flags.FlagParserTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.release.ArtifactUpload;
import io.openclaw.deploy.agent.runtime.AgentRuntime;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.agent.testing.TestReleases;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real agent, real sample loop processes: the loops read a flag over OFREP and report it in their answers. */
class FlagsReachLoopsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOOP = "gmail_processor";

    @TempDir
    Path tmp;

    private AgentRuntime runtime;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        runtime = AgentRuntime.start(new AgentHome(tmp.resolve("home")), TestConfigs.quick(Duration.ofSeconds(30)),
                "00".repeat(32), "test", Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private JsonNode flagSeenBy(String user) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + runtime.routerPort() + "/loops/" + LOOP + "/work"))
                .timeout(Duration.ofSeconds(5))
                .header("X-OpenClaw-User", user)
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("flag");
    }

    @Test
    void loopsReportTheFlagForTheCallerAndSeeChanges() throws Exception {
        runtime.flags().put(FlagsTestNames.SAMPLE_FLAG, json("{'rollout_percentage': 0, 'rules': [{'action': 'enable', "
                + "'conditions': [{'property': 'targetingKey', 'operator': 'in', 'value': ['beta-user']}]}]}"), "test");
        Deployment done = deployAndWait(TestReleases.build(Files.createDirectories(tmp.resolve("zips")), "1.0.0",
                List.of(LOOP), Map.of()));
        assertThat(done.state()).as(done.reason()).isEqualTo(io.openclaw.deploy.protocol.DeploymentState.SUCCEEDED);

        JsonNode beta = flagSeenBy("beta-user");
        assertThat(beta.get("key").textValue()).isEqualTo(FlagsTestNames.SAMPLE_FLAG);
        assertThat(beta.get("value").booleanValue()).isTrue();
        assertThat(beta.get("reason").textValue()).isEqualTo("TARGETING_MATCH");
        assertThat(flagSeenBy("someone-else").get("value").booleanValue()).isFalse();

        runtime.flags().put(FlagsTestNames.SAMPLE_FLAG, json("{'enabled': false}"), "test");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(flagSeenBy("beta-user").get("reason").textValue()).isEqualTo("DISABLED"));
    }

    /**
     * A loop whose process is gone when the agent restarts is relaunched from the journal, which holds the previous
     * agent's flags address; the restarted agent serves flags elsewhere (here: the old port is taken meanwhile).
     */
    @Test
    void aLoopRelaunchedAtAnAgentRestartReadsFlagsFromTheRestartedAgent() throws Exception {
        runtime.flags().put(FlagsTestNames.SAMPLE_FLAG, json("{'rollout_percentage': 100}"), "test");
        Deployment done = deployAndWait(TestReleases.build(Files.createDirectories(tmp.resolve("zips")), "1.0.0",
                List.of(LOOP), Map.of()));
        assertThat(done.state()).as(done.reason()).isEqualTo(io.openclaw.deploy.protocol.DeploymentState.SUCCEEDED);
        assertThat(flagSeenBy("anyone").has("error")).as("read from the first agent").isFalse();
        AgentHome home = new AgentHome(tmp.resolve("home"));
        URI oldFlags = URI.create(FlagsEndpoint.current(home).orElseThrow().url());
        long loopPid = runtime.operations().status().loops().get(0).instances().get(0).pid();

        runtime.detach();
        ProcessHandle loop = ProcessHandle.of(loopPid).orElseThrow();
        loop.destroyForcibly();
        loop.onExit().get(30, TimeUnit.SECONDS);
        try (ServerSocket taken = new ServerSocket(oldFlags.getPort(), 50, InetAddress.getByName(oldFlags.getHost()))) {
            runtime = AgentRuntime.start(home, TestConfigs.quick(Duration.ofSeconds(30)), "00".repeat(32), "test",
                    Clock.systemUTC());
            assertThat(FlagsEndpoint.current(home).orElseThrow().url()).isNotEqualTo(oldFlags.toString());
            assertThat(runtime.operations().status().loops().get(0).instances().get(0).pid()).isNotEqualTo(loopPid);
            await("the relaunched loop routed and reading flags").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode flag = flagSeenBy("anyone");
                assertThat(flag.has("error")).as("the relaunched loop reads the new address: %s", flag).isFalse();
                assertThat(flag.get("value").booleanValue()).isTrue();
            });
        }
    }

    @Test
    void releaseDefaultsApplyOnDeployUntilTheApiChangesTheFlagAndABadFlagsFileFailsTheDeployment() throws Exception {
        Path zips = Files.createDirectories(tmp.resolve("zips"));
        Deployment first = deployAndWait(withFlags(TestReleases.build(zips, "1.0.0", List.of(LOOP), Map.of()), """
                feature_flags:
                  - name: sample_feature
                    rollout_percentage: 100
                """));
        assertThat(first.state()).as(first.reason()).isEqualTo(io.openclaw.deploy.protocol.DeploymentState.SUCCEEDED);
        assertThat(flagSeenBy("anyone").get("value").booleanValue()).as("the release's default").isTrue();

        runtime.flags().put(FlagsTestNames.SAMPLE_FLAG, json("{'enabled': false}"), "operator");
        Deployment second = deployAndWait(withFlags(TestReleases.build(zips, "2.0.0", List.of(LOOP), Map.of()), """
                feature_flags:
                  - name: sample_feature
                    rollout_percentage: 50
                  - name: new_in_two
                """));
        assertThat(second.state()).as(second.reason()).isEqualTo(io.openclaw.deploy.protocol.DeploymentState.SUCCEEDED);
        assertThat(runtime.flags().get(FlagsTestNames.SAMPLE_FLAG).flag().enabled()).as("the operator's change wins").isFalse();
        assertThat(runtime.flags().get("new_in_two").updatedBy()).isEqualTo("release 2.0.0");

        int revisions = runtime.flags().revisions("new_in_two").size();
        Path bad = withFlags(TestReleases.build(zips, "3.0.0", List.of(LOOP), Map.of()), """
                feature_flags:
                  - name: new_in_two
                    enabled: false
                  - name: broken
                    rollout_percentage: 500
                """);
        // Refused before it is accepted (issue 12), naming the bad flag; nothing is deployed.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> deployAndWait(bad))
                .isInstanceOfSatisfying(io.openclaw.deploy.agent.OperationException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("feature_flags[1].rollout_percentage");
                });
        assertThat(runtime.operations().deployments()).hasSize(2);
        assertThat(runtime.flags().revisions("new_in_two")).as("nothing changed").hasSize(revisions);
        assertThat(JSON.readTree(http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + runtime.routerPort() + "/loops/" + LOOP + "/v"))
                        .GET().build(), HttpResponse.BodyHandlers.ofString()).body()).get("version").textValue())
                .isEqualTo("2.0.0");
    }

    /** The release zip with a flags.yaml beside openclaw.yaml. */
    private static Path withFlags(Path zip, String flagsYaml) throws Exception {
        Path out = zip.resolveSibling("flags-" + zip.getFileName());
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip));
                var zipOut = new java.util.zip.ZipOutputStream(Files.newOutputStream(out))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                zipOut.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                in.transferTo(zipOut);
                zipOut.closeEntry();
            }
            zipOut.putNextEntry(new java.util.zip.ZipEntry(FlagDefaults.RELEASE_FILE));
            zipOut.write(flagsYaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zipOut.closeEntry();
        }
        return out;
    }

    private Deployment deployAndWait(Path zip) throws Exception {
        var ops = runtime.operations();
        String sha = TestReleases.sha256(zip);
        try (ArtifactUpload upload = ops.beginUpload(sha, Files.size(zip)); InputStream in = Files.newInputStream(zip)) {
            byte[] buffer = new byte[64 * 1024];
            for (int r; (r = in.read(buffer)) >= 0; ) {
                upload.write(ByteBuffer.wrap(buffer, 0, r));
            }
            upload.commit();
        }
        Deployment started = ops.deploy(new DeployRequest(sha, null, null, List.of(), Map.of()), null, "test");
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .until(() -> ops.deployment(started.id()).orElseThrow(), Deployment::isFinished);
    }
}
