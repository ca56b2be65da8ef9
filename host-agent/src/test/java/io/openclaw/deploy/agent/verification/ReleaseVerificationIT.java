package io.openclaw.deploy.agent.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.openclaw.deploy.agent.cli.Main;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.DependencyTarget;
import io.openclaw.deploy.agent.config.VerificationSettings;
import io.openclaw.deploy.agent.release.KnownLoops;
import io.openclaw.deploy.agent.testing.RunningAgent;
import io.openclaw.deploy.agent.testing.SecuredApi;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.agent.testing.TestReleases;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.Json;
import io.openclaw.deploy.protocol.RollbackRequest;
import io.openclaw.deploy.protocol.VerificationItem;
import io.openclaw.deploy.protocol.VerificationReport;
import io.openclaw.deploy.protocol.VerificationVerdict;
import io.openclaw.deploy.sample.Traffic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The release verification (spec 10.2) of a real agent: real loop processes of the sample app, real HTTP through the
 * router, real TCP dependencies, the real control API and CLI.
 */
class ReleaseVerificationIT {
    private static final Path SAMPLE_ZIP = TestReleases.fixtures().resolve("openclaw-sample-app.zip");
    private static final List<String> LOOPS = List.of("core_orchestrator", "gmail_processor");

    @TempDir
    Path tmp;

    private RunningAgent agent;
    private Traffic traffic;
    private SecuredApi api;
    private ServerSocket database;

    @AfterEach
    void tearDown() throws Exception {
        if (traffic != null) {
            traffic.stop();
        }
        if (api != null) {
            api.close();
        }
        if (agent != null) {
            agent.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private Path release(String version, Map<String, List<String>> dependencies) throws Exception {
        return TestReleases.build(Files.createDirectories(tmp.resolve("zips")), version, LOOPS, Map.of(), Map.of(),
                "blue-green", dependencies);
    }

    /** A port nothing listens on: a dependency there is refused at once. */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static VerificationItem item(VerificationReport report, String check) {
        return report.items().stream().filter(i -> i.check().equals(check)).findFirst().orElseThrow();
    }

    @Test
    void theSampleAppPassesItsVerificationAfterDeployAndOnDemandUnderTraffic() throws Exception {
        agent = new RunningAgent(tmp.resolve("home"), TestConfigs.quick(Duration.ofSeconds(60), Duration.ofSeconds(90)));

        Deployment deployed = agent.deployAndWait(SAMPLE_ZIP);

        assertThat(deployed.state()).as(deployed.reason()).isEqualTo(DeploymentState.SUCCEEDED);
        VerificationReport report = deployed.verification();
        assertThat(report.trigger()).isEqualTo(VerificationReport.TRIGGER_DEPLOY);
        assertThat(report.deploymentId()).isEqualTo(deployed.id());
        assertThat(report.passed()).as(report.failureSummary()).isTrue();
        assertThat(report.items()).extracting(VerificationItem::check).containsExactlyElementsOf(VerificationSettings.ITEMS);
        assertThat(report.items()).filteredOn(i -> !Set.of("cpu", "p95_latency").contains(i.check()))
                .extracting(VerificationItem::verdict).containsOnly(VerificationVerdict.PASS);
        assertThat(item(report, "service_health").measured()).startsWith("HTTP 200");
        assertThat(item(report, "loops_responding").measured()).isEqualTo("15/15 loops responding");
        assertThat(item(report, "dependencies").measured()).isEqualTo("none declared");
        // A deployment's new instances are measured when it is verified, not read from earlier samples.
        assertThat(item(report, "memory").measured()).matches("instances together \\d+\\.\\d %, highest \\d+\\.\\d % "
                + "\\(.+\\), host \\d+\\.\\d %; sampled over 1\\.0 s just now");
        assertThat(agent.events(deployed.id())).filteredOn(e -> e.type().equals(EventTypes.VERIFICATION))
                .singleElement().satisfies(e -> assertThat(e.data()).containsEntry("passed", true));

        traffic = Traffic.start(agent.routerPort(), KnownLoops.names(), 1);
        assertThat(traffic.awaitMoreAnswers(300, Duration.ofSeconds(60))).isTrue();
        VerificationReport onDemand = agent.ops().verify();
        traffic.stop();

        assertThat(onDemand.trigger()).isEqualTo(VerificationReport.TRIGGER_ON_DEMAND);
        assertThat(onDemand.passed()).as(onDemand.failureSummary()).isTrue();
        assertThat(item(onDemand, "error_rate").measured()).matches("0 % of \\d+ requests");
        // The loops gauge plus the request counter and latency histogram of every loop that served in the window.
        assertThat(item(onDemand, "metrics").measured()).matches("(\\d+)/\\1 expected series present")
                .isNotEqualTo("1/1 expected series present");
        assertThat(item(onDemand, "p95_latency").measured()).startsWith("highest p95 ");
    }

    @Test
    void anUnreachableDependencyFailsTheDeploymentWhichIsRolledBackNamingIt() throws Exception {
        database = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        agent = new RunningAgent(tmp.resolve("home"), TestConfigs.quick(Duration.ofSeconds(60)));
        String reachable = "127.0.0.1:" + database.getLocalPort();
        String unreachable = "127.0.0.1:" + closedPort();
        Deployment v1 = agent.deployAndWait(release("1.0.0", Map.of("gmail_processor", List.of(reachable))));
        assertThat(v1.state()).as(v1.reason()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(item(v1.verification(), "dependencies"))
                .extracting(VerificationItem::verdict, VerificationItem::measured)
                .containsExactly(VerificationVerdict.PASS, "1/1 reachable");

        Deployment v2 = agent.deployAndWait(release("2.0.0", Map.of("gmail_processor", List.of(reachable, unreachable))));

        assertThat(v2.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(v2.reason()).startsWith("verification failed: dependencies (" + unreachable
                + " (gmail_processor) unreachable: ").contains("refused");
        VerificationItem dependencies = item(v2.verification(), "dependencies");
        assertThat(dependencies.verdict()).isEqualTo(VerificationVerdict.FAIL);
        assertThat(dependencies.measured()).isEqualTo("1/2 reachable");
        assertThat(dependencies.details()).singleElement().asString().startsWith(unreachable + " (gmail_processor)");
        assertThat(v2.verification().passed()).isFalse();
        assertThat(agent.ops().status().release()).isEqualTo("1.0.0");
        assertThat(agent.ops().status().loops()).flatExtracting(l -> l.instances())
                .filteredOn(i -> i.weight() > 0).extracting(i -> i.version()).containsOnly("1.0.0");
        List<DeploymentEvent> events = agent.events(v2.id());
        assertThat(events).extracting(DeploymentEvent::type)
                .containsSubsequence(EventTypes.VERIFICATION, EventTypes.ROLLBACK_STARTED, EventTypes.COMPLETED);
        assertThat(events).filteredOn(e -> e.type().equals(EventTypes.VERIFICATION)).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("passed", false));
        // The report is journaled with the deployment: the same after a restart.
        agent.restart();
        assertThat(agent.ops().deployment(v2.id()).orElseThrow().verification()).isEqualTo(v2.verification());
    }

    @Test
    void aReleaseWhoseLoopsLogErrorsFailsTheLogItemAndIsRolledBack() throws Exception {
        agent = new RunningAgent(tmp.resolve("home"), TestConfigs.quick(Duration.ofSeconds(60)));
        Deployment v1 = agent.deployAndWait(release("1.0.0", Map.of()));
        assertThat(v1.state()).as(v1.reason()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(item(v1.verification(), "log_output").verdict()).isEqualTo(VerificationVerdict.PASS);

        Deployment v2 = agent.deployAndWait(TestReleases.build(Files.createDirectories(tmp.resolve("zips")), "2.0.0",
                LOOPS, Map.of("SAMPLE_LOG_ERRORS", "3"), Map.of(), "blue-green", Map.of()));

        assertThat(v2.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(v2.reason()).startsWith("verification failed: log_output (");
        VerificationItem logs = item(v2.verification(), "log_output");
        assertThat(logs.verdict()).isEqualTo(VerificationVerdict.FAIL);
        // Each loop against its own error share before the deployment: none, so no error line is allowed.
        assertThat(logs.details()).hasSize(LOOPS.size()).allSatisfy(d -> assertThat(d)
                .matches("(core_orchestrator|gmail_processor): 3 error lines in \\d+ lines \\(normal 0\\.00 %, allowed 0\\)"));
        assertThat(logs.measured()).startsWith(3 * LOOPS.size() + " error lines in ");
        assertThat(agent.ops().status().release()).isEqualTo("1.0.0");
    }

    @Test
    void anItemSetToWarnOnlyIsRecordedButFailsNothingAndARollbackIsVerifiedToo() throws Exception {
        AgentConfig config = TestConfigs.quick(Duration.ofSeconds(60)).withVerification(
                TestConfigs.TEST_VERIFICATION.withWarnOnly(Set.of("cpu", "p95_latency", "dependencies")));
        agent = new RunningAgent(tmp.resolve("home"), config);
        String unreachable = "127.0.0.1:" + closedPort();
        agent.deployAndWait(release("1.0.0", Map.of()));

        Deployment v2 = agent.deployAndWait(release("2.0.0", Map.of("core_orchestrator", List.of(unreachable))));

        assertThat(v2.state()).as(v2.reason()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(v2.verification().passed()).isTrue();
        assertThat(item(v2.verification(), "dependencies"))
                .extracting(VerificationItem::verdict, VerificationItem::measured)
                .containsExactly(VerificationVerdict.WARN, "0/1 reachable");
        assertThat(agent.ops().status().release()).isEqualTo("2.0.0");
        // The resource monitor has sampled the instances the rollback returns to (twice: CPU is a difference).
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> agent.ops().status().loops().stream()
                .flatMap(l -> l.instances().stream()).filter(i -> i.version().equals("1.0.0"))
                .filter(i -> i.cpuPercent() != null).count() == LOOPS.size());

        Deployment rollback = agent.awaitEnd(agent.ops().rollback(new RollbackRequest(null, "test"), "test"));

        assertThat(rollback.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(rollback.verification())
                .extracting(VerificationReport::trigger, VerificationReport::deploymentId, VerificationReport::passed)
                .containsExactly(VerificationReport.TRIGGER_ROLLBACK, rollback.id(), true);
        assertThat(item(rollback.verification(), "dependencies").measured()).isEqualTo("none declared");
        assertThat(item(rollback.verification(), "loops_responding").measured()).isEqualTo("2/2 loops responding");
        // ...and its CPU and memory items read those figures instead of keeping the rollback waiting for a sample.
        assertThat(item(rollback.verification(), "cpu").measured())
                .matches("instances together .*; from the resource monitor's last \\d+\\.\\d s sample, \\d+\\.\\d s ago");
        assertThat(agent.events(rollback.id())).extracting(DeploymentEvent::type).contains(EventTypes.VERIFICATION);
    }

    @Test
    void verifyOnDemandOverTheApiAndTheCliFailsWhenADependencyOfAgentYamlGoesAway() throws Exception {
        database = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        String target = "127.0.0.1:" + database.getLocalPort();
        AgentConfig config = TestConfigs.quick(Duration.ofSeconds(60)).withVerification(TestConfigs.TEST_VERIFICATION
                .withDependencies(Map.of("core_orchestrator", List.of(DependencyTarget.parse(target)))));
        agent = new RunningAgent(tmp.resolve("home"), config);
        api = SecuredApi.start(agent.home(), agent.ops());
        AgentClient scraper = api.client();
        agent.scrapeMetricsWith(() -> {
            try {
                return scraper.metrics();
            } catch (io.openclaw.deploy.protocol.AgentClientException e) {
                throw new java.io.IOException(e.getMessage(), e);
            }
        });
        assertThat(agent.deployAndWait(release("1.0.0", Map.of())).state()).isEqualTo(DeploymentState.SUCCEEDED);

        try (AgentClient client = api.client()) {
            VerificationReport healthy = client.verify();
            assertThat(healthy.passed()).as(healthy.failureSummary()).isTrue();
            assertThat(item(healthy, "metrics").verdict()).isEqualTo(VerificationVerdict.PASS);
            assertThat(run("verify")).isZero();
            assertThat(out.toString()).contains("verification passed (on-demand")
                    .contains("\u2714 Databases and external services reachable").contains("1/1 reachable");

            database.close();
            VerificationReport failing = client.verify();

            assertThat(failing.passed()).isFalse();
            assertThat(failing.deploymentId()).isNull();
            assertThat(item(failing, "dependencies").details()).singleElement().asString()
                    .startsWith(target + " (core_orchestrator) unreachable: ");
        }
        out.getBuffer().setLength(0);
        assertThat(run("verify")).isEqualTo(6);
        assertThat(out.toString()).contains("verification FAILED (on-demand")
                .contains("\u2718 Databases and external services reachable").contains("0/1 reachable")
                .contains("      - " + target + " (core_orchestrator) unreachable: ");
        out.getBuffer().setLength(0);
        assertThat(run("verify", "--json")).isEqualTo(6);
        VerificationReport printed = Json.mapper().readValue(out.toString(), VerificationReport.class);
        assertThat(printed.items()).extracting(VerificationItem::check, VerificationItem::verdict)
                .contains(tuple("dependencies", VerificationVerdict.FAIL), tuple("service_health", VerificationVerdict.PASS));
        assertThat(err.toString()).isEmpty();
        // Nothing was changed by a failed on-demand verification.
        assertThat(agent.ops().status().release()).isEqualTo("1.0.0");
        assertThat(agent.ops().deployments()).hasSize(1);
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String command, String... more) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> args = new java.util.ArrayList<>(List.of(command, "--agent", api.baseUri().toString(),
                "--token-file", agent.home().tokenFile().toString(), "--fingerprint", api.fingerprint()));
        args.addAll(List.of(more));
        return cli.execute(args.toArray(String[]::new));
    }
}
