package io.openclaw.deploy.agent.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.api.ApiToken;
import io.openclaw.deploy.agent.api.ControlServer;
import io.openclaw.deploy.agent.api.EventSink;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.config.RolloutConfig;
import io.openclaw.deploy.agent.release.ArtifactUpload;
import io.openclaw.deploy.agent.runtime.AgentRuntime;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.agent.testing.TestReleases;
import io.openclaw.deploy.agent.tls.TlsIdentity;
import io.openclaw.deploy.agent.tls.TlsIdentityStore;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentEndpoint;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.InstanceStatus;
import io.openclaw.deploy.protocol.LoopStatus;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec 9.1's CPU alert on real processes measured through OSHI: a canary built with {@code SAMPLE_BURN_CPU=1} keeps a
 * processor busy; its CPU shows in the status and on {@code /metrics} over the real HTTPS API, the alert is an event
 * of the running deployment, and the deployment goes on (alert + manual, never a rollback).
 */
class ResourceAlertsIT {
    private static final String LOOP = "gmail_processor";
    /** Low, so that one busy thread is above it even on a machine with many processors or other load. */
    private static final double CPU_LIMIT = 10;
    private static final Duration CPU_FOR = Duration.ofSeconds(2);

    @TempDir
    Path tmp;

    private AgentRuntime runtime;
    private ControlServer api;
    private TlsIdentity tls;
    private String token;

    @BeforeEach
    void start() throws Exception {
        AgentHome home = new AgentHome(tmp.resolve("home"));
        tls = TlsIdentityStore.create(home, Set.of("localhost", "127.0.0.1"));
        token = ApiToken.createFile(home.tokenFile());
        AgentConfig quick = TestConfigs.quick(Duration.ofSeconds(30));
        RolloutConfig d = quick.rollout();
        RolloutConfig.Rollback r = d.rollback();
        AgentConfig config = quick.withRollout(new RolloutConfig(d.canary(), d.rolling(),
                new RolloutConfig.Rollback(r.autoRollback(), r.window(), r.consecutiveFailures(),
                        new RolloutConfig.ResourceAlerts(CPU_LIMIT, CPU_FOR, 85, Duration.ofMinutes(2))),
                d.cutover()));
        runtime = AgentRuntime.start(home, config, tls.fingerprint(), "test", Clock.systemUTC());
        api = new ControlServer("127.0.0.1", 0, tls, ApiToken.of(token), runtime.operations()).start();
        runtime.closeWith(api);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private String upload(Path zip) throws Exception {
        String sha = TestReleases.sha256(zip);
        try (ArtifactUpload upload = runtime.operations().beginUpload(sha, Files.size(zip));
                InputStream in = Files.newInputStream(zip)) {
            upload.write(ByteBuffer.wrap(in.readAllBytes()));
            upload.commit();
        }
        return sha;
    }

    private Deployment awaitEnd(String id) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .until(() -> runtime.operations().deployment(id).orElseThrow(), Deployment::isFinished);
    }

    private String metrics() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("agent", tls.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.baseUri().resolve("/metrics"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void aBusyCanaryRaisesACpuAlertEventShowsItsCpuAndIsNotRolledBack() throws Exception {
        Path zips = Files.createDirectories(tmp.resolve("zips"));
        Deployment v1 = runtime.operations().deploy(new DeployRequest(upload(TestReleases.build(zips, "1.0.0",
                List.of(LOOP), Map.of())), null, null, List.of(), Map.of()), null, "test");
        assertThat(awaitEnd(v1.id()).state()).isEqualTo(DeploymentState.SUCCEEDED);

        Deployment v2 = runtime.operations().deploy(new DeployRequest(upload(TestReleases.build(zips, "2.0.0",
                List.of(LOOP), Map.of("SAMPLE_BURN_CPU", "1"))), null, "canary", List.of(),
                Map.of("canary", Map.of("phases", List.of(Map.of("percentage", 50, "duration_seconds", 600),
                        Map.of("percentage", 100)), "check_interval_seconds", 1))), null, "test");
        List<DeploymentEvent> events = new CopyOnWriteArrayList<>();
        CompletableFuture<DeploymentEvent> alert = new CompletableFuture<>();
        CompletableFuture<DeploymentEvent> analysisWithFigures = new CompletableFuture<>();
        try (AutoCloseable ignored = runtime.operations().followEvents(v2.id(), 0, new EventSink() {
            @Override
            public void onEvent(DeploymentEvent event) {
                events.add(event);
                if (event.type().equals(EventTypes.RESOURCE_ALERT)) {
                    alert.complete(event);
                }
                if (event.type().equals(EventTypes.ANALYSIS) && event.data().containsKey("canaryCpuPercent")
                        && event.data().containsKey("stableCpuPercent")) {
                    analysisWithFigures.complete(event);
                }
            }

            @Override
            public void onEnd(Deployment finished) {}
        })) {
            DeploymentEvent raised = alert.get(60, TimeUnit.SECONDS);
            assertThat(raised.data()).containsEntry("instance", LOOP + "-green-0").containsEntry("figure", "cpu")
                    .containsEntry("version", "2.0.0").containsEntry("thresholdPercent", CPU_LIMIT);
            assertThat((Long) raised.data().get("seconds")).isGreaterThanOrEqualTo(CPU_FOR.toSeconds());
            assertThat(raised.message()).contains("cpu of " + LOOP + "-green-0").contains("no automatic action");

            DeploymentEvent analysis = analysisWithFigures.get(30, TimeUnit.SECONDS);
            assertThat((Double) analysis.data().get("canaryCpuPercent")).isGreaterThan(CPU_LIMIT);
            assertThat((Long) analysis.data().get("canaryMemoryBytes")).isPositive();
            assertThat(analysis.data()).containsKeys("stableMemoryBytes", "cpuMaxPercent", "canaryCpuAboveMax");

            try (AgentClient client = new AgentClient(new AgentEndpoint(api.baseUri(), token, tls.fingerprint(),
                    Duration.ofSeconds(5), Duration.ofSeconds(30)))) {
                List<InstanceStatus> instances = client.status().loops().stream()
                        .filter(l -> l.name().equals(LOOP)).flatMap(l -> l.instances().stream()).toList();
                InstanceStatus canary = instances.stream().filter(i -> i.version().equals("2.0.0")).findFirst()
                        .orElseThrow();
                assertThat(canary.cpuPercent()).isGreaterThan(CPU_LIMIT);
                assertThat(canary.memoryBytes()).isPositive();
                assertThat(canary.memoryPercent()).isPositive();
                InstanceStatus stable = instances.stream().filter(i -> i.version().equals("1.0.0")).findFirst()
                        .orElseThrow();
                assertThat(stable.cpuPercent()).isNotNull().isLessThan(canary.cpuPercent());
            }
            assertThat(metrics())
                    .containsPattern("openclaw_instance_cpu_percent\\{instance=\"" + LOOP + "-green-0\",loop=\""
                            + LOOP + "\",version=\"2.0.0\"} \\d+")
                    .contains("openclaw_instance_memory_bytes{instance=\"" + LOOP + "-blue-0\"")
                    .contains("openclaw_instance_resource_alert{figure=\"cpu\",instance=\"" + LOOP
                            + "-green-0\",loop=\"" + LOOP + "\",version=\"2.0.0\"} 1");

            assertThat(runtime.operations().deployment(v2.id()).orElseThrow().state())
                    .as("an alert asks a person; it does not roll back").isEqualTo(DeploymentState.PROGRESSING);
            runtime.operations().controlDeployment(v2.id(), "promote", "operator", null);
            assertThat(awaitEnd(v2.id()).state()).isEqualTo(DeploymentState.SUCCEEDED);
        }
        assertThat(events).noneMatch(e -> e.type().equals(EventTypes.ROLLBACK_STARTED));
        assertThat(runtime.operations().status().loops()).filteredOn(l -> l.name().equals(LOOP))
                .flatExtracting(LoopStatus::instances).extracting(InstanceStatus::version).containsOnly("2.0.0");
    }
}
