package io.openclaw.deploy.agent.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.api.EventSink;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.RolloutConfig;
import io.openclaw.deploy.agent.testing.RunningAgent;
import io.openclaw.deploy.agent.testing.SecuredApi;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.agent.testing.TestReleases;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.InstanceStatus;
import io.openclaw.deploy.protocol.LoopStatus;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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

    private RunningAgent agent;
    private SecuredApi api;

    @BeforeEach
    void start() throws Exception {
        AgentConfig quick = TestConfigs.quick(Duration.ofSeconds(30));
        RolloutConfig d = quick.rollout();
        RolloutConfig.Rollback r = d.rollback();
        agent = new RunningAgent(tmp.resolve("home"), quick.withRollout(new RolloutConfig(d.canary(), d.rolling(),
                new RolloutConfig.Rollback(r.autoRollback(), r.window(), r.consecutiveFailures(),
                        new RolloutConfig.ResourceAlerts(CPU_LIMIT, CPU_FOR, 85, Duration.ofMinutes(2))),
                d.cutover())));
        api = SecuredApi.start(agent.home(), agent.ops());
    }

    @AfterEach
    void stop() {
        api.close();
        agent.close();
    }

    private static InstanceStatus version(List<InstanceStatus> instances, String version) {
        return instances.stream().filter(i -> i.version().equals(version)).findFirst().orElseThrow();
    }

    @Test
    void aBusyCanaryRaisesACpuAlertEventShowsItsCpuAndIsNotRolledBack() throws Exception {
        Path zips = Files.createDirectories(tmp.resolve("zips"));
        assertThat(agent.deployAndWait(TestReleases.build(zips, "1.0.0", List.of(LOOP), Map.of())).state())
                .isEqualTo(DeploymentState.SUCCEEDED);

        Deployment v2 = agent.ops().deploy(new DeployRequest(agent.upload(TestReleases.build(zips, "2.0.0",
                List.of(LOOP), Map.of("SAMPLE_BURN_CPU", "1"))), null, "canary", List.of(),
                Map.of("canary", Map.of("phases", List.of(Map.of("percentage", 50, "duration_seconds", 600),
                        Map.of("percentage", 100)), "check_interval_seconds", 1))), null, "test");
        List<DeploymentEvent> events = new CopyOnWriteArrayList<>();
        CompletableFuture<DeploymentEvent> alert = new CompletableFuture<>();
        try (AutoCloseable ignored = agent.ops().followEvents(v2.id(), 0, new EventSink() {
            @Override
            public void onEvent(DeploymentEvent event) {
                events.add(event);
                if (event.type().equals(EventTypes.RESOURCE_ALERT)) {
                    alert.complete(event);
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

            // One sample can be low on a loaded machine; the alert above already shows the CPU stayed high. Here the
            // busy canary only has to be seen above the idle stable instance.
            await().atMost(Duration.ofSeconds(30)).until(() -> events.stream()
                    .filter(e -> e.type().equals(EventTypes.ANALYSIS) && e.data().containsKey("canaryCpuPercent")
                            && e.data().containsKey("stableCpuPercent"))
                    .anyMatch(e -> (Double) e.data().get("canaryCpuPercent")
                            > (Double) e.data().get("stableCpuPercent")));
            DeploymentEvent analysis = events.stream().filter(e -> e.data().containsKey("canaryCpuPercent"))
                    .findFirst().orElseThrow();
            assertThat((Long) analysis.data().get("canaryMemoryBytes")).isPositive();
            assertThat(analysis.data()).containsKeys("stableMemoryBytes", "cpuMaxPercent", "canaryCpuAboveMax");

            try (AgentClient client = api.client()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    List<InstanceStatus> instances = client.status().loops().stream()
                            .filter(l -> l.name().equals(LOOP)).flatMap(l -> l.instances().stream()).toList();
                    InstanceStatus canary = version(instances, "2.0.0");
                    InstanceStatus stable = version(instances, "1.0.0");
                    return canary.cpuPercent() != null && stable.cpuPercent() != null
                            && canary.cpuPercent() > stable.cpuPercent();
                });
                InstanceStatus canary = version(client.status().loops().stream()
                        .flatMap(l -> l.instances().stream()).toList(), "2.0.0");
                assertThat(canary.memoryBytes()).isPositive();
                assertThat(canary.memoryPercent()).isPositive();
            }
            HttpResponse<String> metrics = api.get("/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .containsPattern("openclaw_instance_cpu_percent\\{instance=\"" + LOOP + "-green-0\",loop=\""
                            + LOOP + "\",version=\"2.0.0\"} \\d+")
                    .contains("openclaw_instance_memory_bytes{instance=\"" + LOOP + "-blue-0\"")
                    .contains("openclaw_instance_resource_alert{figure=\"cpu\",instance=\"" + LOOP
                            + "-green-0\",loop=\"" + LOOP + "\",version=\"2.0.0\"} 1");

            assertThat(agent.ops().deployment(v2.id()).orElseThrow().state())
                    .as("an alert asks a person; it does not roll back").isEqualTo(DeploymentState.PROGRESSING);
            agent.ops().controlDeployment(v2.id(), "promote", "operator", null);
            assertThat(agent.awaitEnd(v2.id()).state()).isEqualTo(DeploymentState.SUCCEEDED);
        }
        assertThat(events).noneMatch(e -> e.type().equals(EventTypes.ROLLBACK_STARTED));
        assertThat(agent.ops().status().loops()).filteredOn(l -> l.name().equals(LOOP))
                .flatExtracting(LoopStatus::instances).extracting(InstanceStatus::version).containsOnly("2.0.0");
    }
}
