package io.openclaw.deploy.agent.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.testing.RunningAgent;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.agent.testing.TestReleases;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.RollbackRequest;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec 11.1's rollback time and the deployment figures on {@code /metrics}, from real deployments and rollbacks of
 * real loop processes: a requested rollback and the automatic return of a failed rolling deployment are each timed
 * once, under their trigger.
 */
class DeploymentMetricsIT {
    private static final List<String> LOOPS = List.of("core_orchestrator", "gmail_processor");

    @TempDir
    Path tmp;

    private RunningAgent agent;

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void rollbacksAreTimedByTriggerAndDeploymentsCountedByFinalState() throws Exception {
        agent = new RunningAgent(tmp.resolve("home"), TestConfigs.quick(Duration.ofSeconds(120)));
        Path zips = Files.createDirectories(tmp.resolve("zips"));
        String before = metrics();
        assertThat(value(before, "openclaw_rollback_duration_seconds_count{trigger=\"requested\"}"))
                .as("present before any rollback").isEqualTo(0);
        assertThat(value(before, "openclaw_rollback_duration_seconds_count{trigger=\"automatic\"}")).isEqualTo(0);

        assertThat(agent.deployAndWait(TestReleases.build(zips, "1.0.0", LOOPS, Map.of())).state())
                .isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(agent.deployAndWait(TestReleases.build(zips, "2.0.0", LOOPS, Map.of())).state())
                .isEqualTo(DeploymentState.SUCCEEDED);
        Deployment rollback = agent.awaitEnd(agent.ops().rollback(new RollbackRequest(null, "test"), "test"));
        assertThat(rollback.state()).isEqualTo(DeploymentState.SUCCEEDED);

        String afterRequested = metrics();
        assertThat(value(afterRequested, "openclaw_rollback_duration_seconds_count{trigger=\"requested\"}"))
                .isEqualTo(1);
        assertThat(value(afterRequested, "openclaw_rollback_duration_seconds_sum{trigger=\"requested\"}"))
                .as("seconds, no more than the whole rollback took")
                .isPositive().isLessThanOrEqualTo(rollback.durationMillis() / 1000.0);
        assertThat(value(afterRequested, "openclaw_rollback_duration_seconds_count{trigger=\"automatic\"}")).isEqualTo(0);

        // Rolling loops move one after the other: core_orchestrator is on 3.0.0 when gmail_processor's new instance
        // fails its health check, so the deployment returns core_orchestrator to 1.0.0 by itself. A second of
        // stabilization after core_orchestrator's batch instead of the default minute: nothing here watches it.
        Path failing = TestReleases.withManifest(zips, """
                version: 3.0.0
                loops:
                  - name: core_orchestrator
                    strategy: rolling
                    command: ["${JAVA}", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx48m", "-jar", "loops/sample-loop.jar", "--port", "${PORT}"]
                    health: {http: /health, timeout_seconds: 2}
                  - name: gmail_processor
                    strategy: rolling
                    command: ["${JAVA}", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx48m", "-jar", "loops/sample-loop.jar", "--port", "${PORT}"]
                    health: {http: /health, timeout_seconds: 2}
                    env: {SAMPLE_FAIL_HEALTH: "true"}
                """);
        Deployment failed = agent.awaitEnd(agent.ops().deploy(new DeployRequest(agent.upload(failing), null, null,
                List.of(), Map.of("rolling_update", Map.of("stabilization_seconds", 1))), null, "test"));
        assertThat(failed.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(agent.ops().status().loops()).allMatch(l -> l.version().equals("1.0.0"));

        String after = metrics();
        assertThat(value(after, "openclaw_rollback_duration_seconds_count{trigger=\"automatic\"}")).isEqualTo(1);
        assertThat(value(after, "openclaw_rollback_duration_seconds_count{trigger=\"requested\"}")).isEqualTo(1);
        assertThat(value(after, "openclaw_deployments_finished_total{kind=\"deploy\",state=\"SUCCEEDED\"}")).isEqualTo(2);
        assertThat(value(after, "openclaw_deployments_finished_total{kind=\"rollback\",state=\"SUCCEEDED\"}")).isEqualTo(1);
        assertThat(value(after, "openclaw_deployments_finished_total{kind=\"deploy\",state=\"ROLLED_BACK\"}")).isEqualTo(1);
        assertThat(value(after, "openclaw_deployment_running")).isEqualTo(0);
        assertThat(value(after, "openclaw_agent_loops_assigned")).isEqualTo(2);
        assertThat(after).as("gmail_processor's whole traffic on 1.0.0")
                .containsPattern("(?m)^openclaw_loop_traffic_share_percent\\{loop=\"gmail_processor\",slot=\"(blue|green)\","
                        + "version=\"1.0.0\"} 100.0$");
    }

    /** {@code /metrics} as the API serves it. */
    private String metrics() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, agent.ops().metrics().scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        assertThat(m.find()).as(series + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
