package io.openclaw.deploy.agent.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.testing.AgentProcess;
import io.openclaw.deploy.agent.testing.FreePorts;
import io.openclaw.deploy.agent.testing.PrometheusBinaries;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.agent.testing.TestReleases;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.Availability;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.InstanceStatus;
import io.openclaw.deploy.protocol.Json;
import io.openclaw.deploy.sample.Traffic;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec 11 end to end: Debian's real Prometheus scrapes the packaged agent's {@code /metrics} over TLS with the bearer
 * token, loads docs/monitoring/alerts.yml, and the dashboard in docs/monitoring is checked against what it holds.
 * Skipped, saying why, only where the prometheus binary is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusMonitoringIT {
    private static final List<String> LOOPS = List.of("core_orchestrator", "gmail_processor");
    private static final String KILLED = "gmail_processor";
    /**
     * The supervisor restarts a crashed loop after this delay: long enough for spec 11.2's AgentLoopFailure (30 s
     * pending, then firing) to fire while the loop is down, short enough for the test to see it clear.
     */
    private static final Duration RESTART_DELAY = Duration.ofSeconds(75);
    private static final Path MONITORING = Path.of("..", "docs", "monitoring").toAbsolutePath().normalize();

    @TempDir
    static Path tmp;

    private AgentProcess agent;
    private Process prometheus;
    private Path prometheusLog;
    private URI prometheusUri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Set<Long> loopPids = new HashSet<>();

    /** Per test, not in {@code @BeforeAll}: Surefire and Failsafe report a class-level skip as no test at all. */
    @BeforeEach
    void requirePrometheus() {
        assumeTrue(prometheus != null, "prometheus " + PrometheusBinaries.MISSING);
    }

    @BeforeAll
    void startAgentAndPrometheus() throws Exception {
        Path binary = PrometheusBinaries.find("prometheus").orElse(null);
        if (binary == null) {
            return; // each test is skipped, saying why
        }

        int ports = FreePorts.block(2);
        AgentConfig quick = TestConfigs.withPorts(Duration.ofSeconds(30), ports, ports + 1);
        AgentConfig.Supervision s = quick.supervision();
        AgentConfig config = new AgentConfig(quick.listen(), quick.slots(), new AgentConfig.Supervision(
                s.startTimeout(), s.drainTimeout(), s.stopTimeout(), s.healthInterval(), s.healthTimeout(),
                s.failureThreshold(), RESTART_DELAY, RESTART_DELAY, s.logMaxBytes(), s.logKeepFiles()),
                quick.releases());
        agent = AgentProcess.init(tmp.resolve("home"), config);
        agent.start();
        try (AgentClient client = agent.client()) {
            Path zip = TestReleases.build(Files.createDirectories(tmp.resolve("zips")), "1.0.0", LOOPS, Map.of());
            String sha = TestReleases.sha256(zip);
            try (InputStream in = Files.newInputStream(zip)) {
                client.uploadArtifact(sha, Files.size(zip), in);
            }
            Deployment started = client.deploy(DeployRequest.of(sha), null);
            client.followEvents(started.id(), 0, e -> {});
            assertThat(client.deployment(started.id()).state()).isEqualTo(DeploymentState.SUCCEEDED);
            rememberPids(client.status());
        }

        int webPort = FreePorts.block(1);
        prometheusUri = URI.create("http://127.0.0.1:" + webPort);
        Path configFile = tmp.resolve("prometheus.yml");
        Files.writeString(configFile, prometheusConfig(config.listen().apiPort()));
        prometheusLog = tmp.resolve("prometheus.log");
        prometheus = new ProcessBuilder(binary.toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + Files.createDirectories(tmp.resolve("prometheus-data")),
                "--web.listen-address=127.0.0.1:" + webPort)
                .redirectErrorStream(true)
                .redirectOutput(prometheusLog.toFile())
                .start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .alias("Prometheus ready and scraping the agent")
                .until(() -> {
                    assertThat(prometheus.isAlive()).as(this::prometheusOutput).isTrue();
                    return isReady() && !query("up{job=\"openclaw\"} == 1").isEmpty();
                });
    }

    /**
     * The agent's API certificate is self-signed: Prometheus trusts exactly that certificate ({@code ca_file}; it is
     * issued for 127.0.0.1 and localhost), and sends the API token from its file, as an operator's Prometheus would.
     */
    private String prometheusConfig(int apiPort) throws IOException {
        return """
                global:
                  scrape_interval: 2s
                  scrape_timeout: 2s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: openclaw
                    scheme: https
                    metrics_path: /metrics
                    authorization:
                      type: Bearer
                      credentials_file: %s
                    tls_config:
                      ca_file: %s
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(MONITORING.resolve("alerts.yml"), agent.home().tokenFile(), agent.home().certificatePem(),
                apiPort);
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (agent != null) {
            agent.close();
        }
        loopPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    @Order(1)
    void everyDashboardQueryAndEveryRuleNamesSeriesPrometheusHoldsAndEveryMetricIsDocumented() throws Exception {
        try (Traffic traffic = Traffic.start(agent.routerPort(), LOOPS, 1)) {
            assertThat(traffic.awaitMoreAnswers(200, Duration.ofSeconds(60))).as("traffic through the router").isTrue();

            List<String> dashboard = dashboardExpressions();
            Set<String> dashboardNames = new TreeSet<>();
            dashboard.forEach(expr -> dashboardNames.addAll(PromQlNames.of(expr)));
            assertThat(dashboardNames).as("metric names in the dashboard")
                    .contains("openclaw_agent_loops_running", "openclaw_loop_traffic_share_percent",
                            "openclaw_router_requests_total", "job:openclaw_router_error_ratio:rate5m",
                            "loop:openclaw_router_request_duration_seconds:p95_5m", "openclaw_deployments_finished_total");
            Set<String> ruleNames = new TreeSet<>();
            ruleExpressions().forEach(expr -> ruleNames.addAll(PromQlNames.of(expr)));
            assertThat(ruleNames).as("metric names in alerts.yml, as Prometheus loaded it")
                    .contains("up", "openclaw_agent_loops_running", "openclaw_rollback_duration_seconds_bucket");

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        assertThat(absent(dashboardNames)).as("dashboard names without a series").isEmpty();
                        assertThat(absent(ruleNames)).as("rule inputs without a series").isEmpty();
                    });
            for (String expr : dashboard) {
                assertThat(get("/api/v1/query?query=" + encode(expr)).path("status").asText()).as(expr)
                        .isEqualTo("success");
            }
            traffic.stop();
            assertThat(traffic.failures()).isEmpty();
        }

        Set<String> documented = new TreeSet<>();
        for (JsonNode name : get("/api/v1/label/__name__/values").path("data")) {
            String family = name.asText().replaceAll("_(bucket|count|sum|created)$", "");
            if (family.startsWith("openclaw_")) {
                documented.add(family);
            }
        }
        String doc = Files.readString(MONITORING.resolveSibling("monitoring.md"), StandardCharsets.UTF_8);
        assertThat(documented).as("metric families the agent exports")
                .contains("openclaw_availability_ratio", "openclaw_rollback_duration_seconds",
                        "openclaw_instance_cpu_percent", "openclaw_router_request_duration_seconds");
        assertThat(documented.stream().filter(f -> !doc.contains("`" + f + "`")).toList())
                .as("exported but missing from docs/monitoring.md").isEmpty();

        try (AgentClient client = agent.client()) {
            Availability availability = client.status().availability();
            assertThat(availability.requests()).as("requests the router saw in its window").isPositive();
            assertThat(availability.ratio()).isNotNull();
            assertThat(availability.objective()).isEqualTo(0.9999);
        }
    }

    @Test
    @Order(2)
    void agentLoopFailureFiresWhileALoopIsKilledAndClearsWhenItIsBack() throws Exception {
        assertThat(query("openclaw_agent_loops_running").get(0).path("value").get(1).asText()).isEqualTo("2");
        assertThat(activeAlerts("AgentLoopFailure")).isEmpty();
        List<Long> killed;
        try (AgentClient client = agent.client()) {
            killed = instances(client.status(), KILLED).stream().map(InstanceStatus::pid).toList();
        }
        assertThat(killed).isNotEmpty();
        Instant killedAt = Instant.now();
        killed.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));

        JsonNode firing = await().atMost(RESTART_DELAY).pollInterval(Duration.ofSeconds(1))
                .alias("AgentLoopFailure firing while " + KILLED + " is down")
                .until(() -> activeAlerts("AgentLoopFailure").stream()
                        .filter(a -> a.path("state").asText().equals("firing")).findFirst().orElse(null),
                        a -> a != null);
        assertThat(firing.path("labels").path("severity").asText()).isEqualTo("critical");
        assertThat(firing.path("value").asText()).as("loops running").startsWith("1");
        assertThat(Duration.between(killedAt, Instant.now())).as("not before its 30 s")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(activeAlerts("ServiceDown")).as("the agent itself stayed up").isEmpty();

        await().atMost(RESTART_DELAY.plusSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .alias("AgentLoopFailure cleared once the supervisor restarted " + KILLED)
                .until(() -> activeAlerts("AgentLoopFailure").isEmpty());
        assertThat(query("openclaw_agent_loops_running").get(0).path("value").get(1).asText()).isEqualTo("2");
        try (AgentClient client = agent.client()) {
            AgentStatus status = client.status();
            rememberPids(status);
            List<InstanceStatus> back = instances(status, KILLED);
            assertThat(back).isNotEmpty().allMatch(InstanceStatus::healthy)
                    .noneMatch(i -> killed.contains(i.pid()));
        }
    }

    private List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = Json.mapper().readTree(MONITORING.resolve("openclaw-agent-dashboard.json").toFile());
        List<String> exprs = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
        assertThat(exprs).as("queries in the dashboard").hasSizeGreaterThan(10);
        return exprs;
    }

    private List<String> ruleExpressions() throws Exception {
        List<String> exprs = new ArrayList<>();
        for (JsonNode group : get("/api/v1/rules").path("data").path("groups")) {
            group.path("rules").forEach(rule -> exprs.add(rule.path("query").asText()));
        }
        assertThat(exprs).as("rules Prometheus loaded from alerts.yml").hasSizeGreaterThan(15);
        return exprs;
    }

    /** Names for which Prometheus holds no series over the last 10 minutes. */
    private List<String> absent(Set<String> names) throws Exception {
        List<String> absent = new ArrayList<>();
        String start = String.valueOf(Instant.now().minusSeconds(600).getEpochSecond());
        for (String name : names) {
            JsonNode data = get("/api/v1/series?start=" + start + "&match[]=" + encode(name)).path("data");
            if (data.isEmpty()) {
                absent.add(name);
            }
        }
        return absent;
    }

    private List<JsonNode> activeAlerts(String name) throws Exception {
        return StreamSupport.stream(get("/api/v1/alerts").path("data").path("alerts").spliterator(), false)
                .filter(a -> a.path("labels").path("alertname").asText().equals(name))
                .toList();
    }

    private List<JsonNode> query(String expr) throws Exception {
        JsonNode result = get("/api/v1/query?query=" + encode(expr)).path("data").path("result");
        return StreamSupport.stream(result.spliterator(), false).toList();
    }

    private boolean isReady() {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(prometheusUri.resolve("/-/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(prometheusUri + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<InstanceStatus> instances(AgentStatus status, String loop) {
        return status.loops().stream().filter(l -> l.name().equals(loop))
                .flatMap(l -> l.instances().stream()).toList();
    }

    private void rememberPids(AgentStatus status) {
        status.loops().forEach(l -> l.instances().forEach(i -> loopPids.add(i.pid())));
    }

    private String prometheusOutput() {
        try {
            return "prometheus exited:\n" + Files.readString(prometheusLog, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "prometheus exited (no log: " + e + ")";
        }
    }
}
