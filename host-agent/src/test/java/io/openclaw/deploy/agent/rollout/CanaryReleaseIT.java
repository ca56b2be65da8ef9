package io.openclaw.deploy.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.testing.RunningAgent;
import io.openclaw.deploy.agent.testing.TestConfigs;
import io.openclaw.deploy.agent.testing.TestReleases;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.InstanceStatus;
import io.openclaw.deploy.protocol.LoopStatus;
import io.openclaw.deploy.protocol.ProblemTypes;
import io.openclaw.deploy.protocol.RollbackRequest;
import io.openclaw.deploy.sample.Traffic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary releases through a real agent: real loop processes, real traffic through the router, the analysis reading
 * the router's own measurements. Phases last seconds so the suite stays short.
 */
class CanaryReleaseIT {
    private static final String CANARY_LOOP = "research_agent";
    private static final String BLUE_GREEN_LOOP = "core_orchestrator";

    @TempDir
    Path tmp;

    private RunningAgent agent;
    private final List<Traffic> traffic = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Traffic t : traffic) {
            t.stop();
        }
        if (agent != null) {
            agent.close();
        }
    }

    /** A release where research_agent declares canary and core_orchestrator blue-green, with per-loop faults. */
    private Path release(String version, Map<String, String> canaryEnv, Map<String, String> blueGreenEnv)
            throws Exception {
        StringBuilder yaml = new StringBuilder("version: ").append(version).append("\nloops:\n");
        loop(yaml, BLUE_GREEN_LOOP, "blue-green", blueGreenEnv);
        loop(yaml, CANARY_LOOP, "canary", canaryEnv);
        Path zip = Files.createDirectories(tmp.resolve("zips")).resolve(version + "-" + System.nanoTime() + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("openclaw.yaml"));
            out.write(yaml.toString().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("loops/sample-loop.jar"));
            Files.copy(TestReleases.sampleLoopJar(), out);
            out.closeEntry();
        }
        return zip;
    }

    private static void loop(StringBuilder yaml, String name, String strategy, Map<String, String> env) {
        yaml.append("  - name: ").append(name).append('\n')
                .append("    strategy: ").append(strategy).append('\n')
                .append("    command: [\"${JAVA}\", \"-XX:TieredStopAtLevel=1\", \"-XX:+UseSerialGC\", \"-Xmx48m\",")
                .append(" \"-Xss512k\", \"-jar\", \"loops/sample-loop.jar\", \"--port\", \"${PORT}\"]\n")
                .append("    health: {http: /health, timeout_seconds: 2}\n");
        if (!env.isEmpty()) {
            yaml.append("    env:\n");
            env.forEach((k, v) -> yaml.append("      ").append(k).append(": \"").append(v).append("\"\n"));
        }
    }

    private static Map<String, Object> quickCanary(List<Map<String, Object>> phases, int minRequests) {
        Map<String, Object> canary = new LinkedHashMap<>();
        canary.put("phases", phases);
        canary.put("check_interval_seconds", 1);
        canary.put("min_requests", minRequests);
        return Map.of("canary", canary, "rollback",
                Map.of("auto_rollback", Map.of("triggers", Map.of("error_rate", Map.of("window_seconds", 2)))));
    }

    private static Map<String, Object> phase(int percentage, int seconds) {
        return Map.of("percentage", percentage, "duration_seconds", seconds);
    }

    private void startWithV1(Duration startTimeout) throws Exception {
        agent = new RunningAgent(tmp.resolve("home"), TestConfigs.quick(Duration.ofSeconds(60), startTimeout));
        assertThat(agent.deployAndWait(release("1.0.0", Map.of(), Map.of())).state())
                .isEqualTo(DeploymentState.SUCCEEDED);
    }

    private Traffic trafficTo(String loop, int threads) throws InterruptedException {
        Traffic t = Traffic.start(agent.routerPort(), List.of(loop), threads);
        traffic.add(t);
        assertThat(t.awaitMoreAnswers(50, Duration.ofSeconds(30))).isTrue();
        return t;
    }

    private Deployment deploy(Path zip, Map<String, Object> options) throws Exception {
        return agent.ops().deploy(new DeployRequest(agent.upload(zip), null, null, List.of(), options), null, "tester");
    }

    private int canaryWeight(String version) {
        return agent.ops().status().loops().stream()
                .filter(l -> l.name().equals(CANARY_LOOP))
                .flatMap(l -> l.instances().stream())
                .filter(i -> i.version().equals(version))
                .mapToInt(InstanceStatus::weight)
                .sum();
    }

    /** Failures the router caused (as opposed to 5xx a faulty loop answered itself). */
    private static List<String> routerFailures(Traffic t) {
        return t.failures().stream().filter(f -> !f.startsWith("500 ")).toList();
    }

    private static long count(List<String> versions, String version) {
        return versions.stream().filter(version::equals).count();
    }

    @Test
    void healthyCanaryWalksItsPhasesAtTheirWeightsAndIsPromotedBeforeTheRestOfTheRelease() throws Exception {
        startWithV1(Duration.ofSeconds(20));
        Traffic canaryTraffic = trafficTo(CANARY_LOOP, 3);
        Traffic otherTraffic = trafficTo(BLUE_GREEN_LOOP, 1);

        Deployment v2 = deploy(release("2.0.0", Map.of(), Map.of()),
                quickCanary(List.of(phase(10, 6), phase(50, 6), Map.of("percentage", 100)), 10));
        for (int percent : List.of(10, 50)) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(20))
                    .until(() -> canaryWeight("2.0.0") == percent);
            long from = System.nanoTime();
            assertThat(canaryTraffic.awaitMoreAnswers(400, Duration.ofSeconds(20))).isTrue();
            long to = System.nanoTime();
            assertThat(canaryWeight("2.0.0")).as("still in the %d%% phase", percent).isEqualTo(percent);
            List<String> after = canaryTraffic.versionsSentAfter(from);
            List<String> later = canaryTraffic.versionsSentAfter(to);
            long canary = count(after, "2.0.0") - count(later, "2.0.0");
            long all = after.size() - later.size();
            assertThat(100.0 * canary / all).as("observed canary share in the %d%% phase", percent)
                    .isCloseTo(percent, org.assertj.core.data.Offset.offset(3.0));
            // The status shows the phase and, from the first check of the phase on, the analysis figures.
            LoopStatus canaryLoop = await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(20))
                    .until(() -> agent.ops().status().loops().stream()
                            .filter(l -> l.name().equals(CANARY_LOOP)).findFirst().orElseThrow(),
                            l -> l.progress() != null && l.progress().lastAnalysis().get("percentage") != null
                                    && l.progress().lastAnalysis().get("percentage").equals(percent));
            assertThat(canaryLoop.progress().phase()).isEqualTo(percent + "%");
            assertThat(canaryLoop.progress().newVersionPercent()).isEqualTo(percent);
            assertThat(canaryLoop.progress().lastAnalysis()).containsKeys("requests", "errorRate", "p95LatencyMillis");
            // The blue-green loop waits for the canary: the release is never mixed within that loop.
            assertThat(otherTraffic.versionsSentAfter(from)).containsOnly("1.0.0");
        }
        Deployment done = agent.awaitEnd(v2);
        long end = System.nanoTime();
        assertThat(canaryTraffic.awaitMoreAnswers(100, Duration.ofSeconds(20))).isTrue();
        assertThat(otherTraffic.awaitMoreAnswers(50, Duration.ofSeconds(20))).isTrue();

        assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(canaryTraffic.versionsSentAfter(end)).containsOnly("2.0.0");
        assertThat(otherTraffic.versionsSentAfter(end)).containsOnly("2.0.0");
        assertThat(canaryTraffic.failures()).isEmpty();
        assertThat(otherTraffic.failures()).isEmpty();
        assertThat(agent.ops().status().loops()).filteredOn(l -> l.name().equals(CANARY_LOOP))
                .flatExtracting(LoopStatus::instances)
                .extracting(InstanceStatus::version)
                .containsOnly("2.0.0");
        List<DeploymentEvent> events = agent.events(v2.id());
        assertThat(events).filteredOn(e -> e.type().equals(EventTypes.ANALYSIS))
                .isNotEmpty()
                .anySatisfy(e -> assertThat(e.data()).containsEntry("result", "pass").containsKey("p95LatencyMillis"));
        assertThat(events).extracting(DeploymentEvent::type).contains(EventTypes.WEIGHTS_CHANGED, EventTypes.PROMOTED);

        // A plain rollback afterwards returns every loop to what served before the whole deployment.
        Deployment back = agent.awaitEnd(agent.ops().rollback(new RollbackRequest(null, "check"), "tester"));
        assertThat(back.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(agent.ops().status().release()).isEqualTo("1.0.0");
        assertThat(agent.ops().status().loops()).flatExtracting(LoopStatus::instances)
                .filteredOn(i -> i.weight() > 0)
                .extracting(InstanceStatus::version)
                .containsOnly("1.0.0");
    }

    @Test
    void canaryAnsweringErrorsIsRolledBackByTheErrorRateTrigger() throws Exception {
        startWithV1(Duration.ofSeconds(20));
        Traffic t = trafficTo(CANARY_LOOP, 3);

        Deployment bad = agent.awaitEnd(deploy(release("2.0.0", Map.of("SAMPLE_ERROR_RATE", "0.5"), Map.of()),
                quickCanary(List.of(phase(20, 60), Map.of("percentage", 100)), 10)));
        long end = System.nanoTime();
        assertThat(t.awaitMoreAnswers(100, Duration.ofSeconds(20))).isTrue();

        assertThat(bad.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(bad.reason()).contains("error rate").contains(CANARY_LOOP);
        assertThat(t.versionsSentAfter(end)).containsOnly("1.0.0");
        assertThat(routerFailures(t)).isEmpty();
        assertThat(agent.ops().status().loops()).flatExtracting(LoopStatus::instances)
                .extracting(InstanceStatus::version)
                .containsOnly("1.0.0");
        assertThat(agent.events(bad.id())).filteredOn(e -> e.type().equals(EventTypes.ANALYSIS))
                .anySatisfy(e -> assertThat(e.data()).containsEntry("result", "fail")
                        .containsEntry("trigger", "error_rate"));
    }

    @Test
    void slowCanaryIsRolledBackByTheLatencyTrigger() throws Exception {
        startWithV1(Duration.ofSeconds(20));
        Traffic t = trafficTo(CANARY_LOOP, 4);

        Deployment slow = agent.awaitEnd(deploy(release("2.0.0", Map.of("SAMPLE_LATENCY_MS", "700"), Map.of()),
                quickCanary(List.of(phase(20, 60), Map.of("percentage", 100)), 3)));

        assertThat(slow.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(slow.reason()).contains("latency").contains("p95");
        assertThat(t.failures()).isEmpty();
    }

    @Test
    void canaryFailingHealthChecksIsRolledBackByTheHealthTrigger() throws Exception {
        startWithV1(Duration.ofSeconds(4));
        Traffic t = trafficTo(CANARY_LOOP, 2);

        Deployment sick = agent.awaitEnd(deploy(release("2.0.0", Map.of("SAMPLE_FAIL_HEALTH", "true"), Map.of()),
                quickCanary(List.of(phase(20, 60), Map.of("percentage", 100)), 3)));
        assertThat(t.awaitMoreAnswers(50, Duration.ofSeconds(20))).isTrue();

        assertThat(sick.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(sick.reason()).contains("health check");
        assertThat(t.failures()).isEmpty();
        assertThat(t.versionsSentAfter(0)).containsOnly("1.0.0");
    }

    @Test
    void whenALaterLoopFailsThePromotedCanaryLoopReturnsToThePreviousRelease() throws Exception {
        startWithV1(Duration.ofSeconds(4));
        Traffic t = trafficTo(CANARY_LOOP, 2);

        Deployment mixed = agent.awaitEnd(deploy(release("2.0.0", Map.of(), Map.of("SAMPLE_FAIL_HEALTH", "true")),
                quickCanary(List.of(phase(50, 2), Map.of("percentage", 100)), 3)));
        long end = System.nanoTime();
        assertThat(t.awaitMoreAnswers(100, Duration.ofSeconds(20))).isTrue();

        assertThat(mixed.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(mixed.reason()).contains("health check failed");
        assertThat(t.versionsSentAfter(0)).contains("2.0.0");
        assertThat(t.versionsSentAfter(end)).containsOnly("1.0.0");
        assertThat(t.failures()).isEmpty();
        assertThat(agent.ops().status().release()).isEqualTo("1.0.0");
        assertThat(agent.events(mixed.id())).extracting(DeploymentEvent::type).contains(EventTypes.PROMOTED);
    }

    @Test
    void pausedCanaryHoldsItsPhaseAndAbortRollsItBack() throws Exception {
        startWithV1(Duration.ofSeconds(20));
        Traffic t = trafficTo(CANARY_LOOP, 2);

        Deployment v2 = deploy(release("2.0.0", Map.of(), Map.of()),
                quickCanary(List.of(phase(25, 1), Map.of("percentage", 100)), 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> canaryWeight("2.0.0") == 25);
        agent.ops().controlDeployment(v2.id(), "pause", "alice", "looking at the logs");
        // Held well past the phase's one second: several analysis intervals go by without promotion.
        await().atMost(Duration.ofSeconds(20)).until(() -> analysesAfterPause(v2) >= 3);
        assertThat(canaryWeight("2.0.0")).isEqualTo(25);
        assertThat(agent.ops().deployment(v2.id()).orElseThrow().state()).isEqualTo(DeploymentState.PAUSED);

        agent.ops().controlDeployment(v2.id(), "abort", "alice", "not today");
        Deployment aborted = agent.awaitEnd(v2);
        long end = System.nanoTime();
        assertThat(t.awaitMoreAnswers(50, Duration.ofSeconds(20))).isTrue();

        assertThat(aborted.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(aborted.reason()).contains("aborted by alice").contains("not today");
        assertThat(t.versionsSentAfter(end)).containsOnly("1.0.0");
        assertThat(t.failures()).isEmpty();
        assertThatThrownBy(() -> agent.ops().controlDeployment(v2.id(), "resume", "alice", null))
                .isInstanceOfSatisfying(OperationException.class, e -> assertThat(e.httpStatus()).isEqualTo(409));
    }

    private long analysesAfterPause(Deployment d) {
        List<DeploymentEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            agent.ops().followEvents(d.id(), 0, new io.openclaw.deploy.agent.api.EventSink() {
                @Override
                public void onEvent(DeploymentEvent event) {
                    events.add(event);
                }

                @Override
                public void onEnd(Deployment finished) {}
            }).close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        List<DeploymentEvent> seen = List.copyOf(events);
        int paused = -1;
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i).type().equals(EventTypes.STATE) && seen.get(i).state() == DeploymentState.PAUSED) {
                paused = i;
                break;
            }
        }
        return paused < 0 ? 0 : seen.subList(paused, seen.size()).stream()
                .filter(e -> e.type().equals(EventTypes.ANALYSIS)).count();
    }

    @Test
    void gradualCutoverOfOneSelectedBlueGreenLoopStepsThroughItsWeightsWithAnalysis() throws Exception {
        startWithV1(Duration.ofSeconds(20));
        Traffic t = trafficTo(BLUE_GREEN_LOOP, 2);
        Map<String, Object> options = new LinkedHashMap<>(quickCanary(
                List.of(phase(10, 1), Map.of("percentage", 100)), 5));
        options.put("blue_green", Map.of("cutover", Map.of("strategy", "gradual", "gradual_steps", List.of(50, 100),
                "step_duration_seconds", 2)));

        Deployment v2 = agent.ops().deploy(new DeployRequest(agent.upload(release("2.0.0", Map.of(), Map.of())), null,
                null, List.of(BLUE_GREEN_LOOP), options), null, "tester");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() ->
                agent.ops().status().loops().stream().filter(l -> l.name().equals(BLUE_GREEN_LOOP))
                        .flatMap(l -> l.instances().stream())
                        .filter(i -> i.version().equals("2.0.0")).mapToInt(InstanceStatus::weight).sum() == 50);
        Deployment done = agent.awaitEnd(v2);
        long end = System.nanoTime();
        assertThat(t.awaitMoreAnswers(50, Duration.ofSeconds(20))).isTrue();

        assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(t.failures()).isEmpty();
        assertThat(t.versionsSentAfter(end)).containsOnly("2.0.0");
        assertThat(agent.events(v2.id())).filteredOn(e -> e.type().equals(EventTypes.ANALYSIS))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.data()).containsEntry("loop", BLUE_GREEN_LOOP)
                        .containsEntry("percentage", 50));
        // Only the selected loop moved.
        assertThat(agent.ops().status().loops()).filteredOn(l -> l.name().equals(CANARY_LOOP))
                .flatExtracting(LoopStatus::instances)
                .filteredOn(i -> i.weight() > 0)
                .extracting(InstanceStatus::version)
                .containsOnly("1.0.0");
    }

    @Test
    void segmentAlwaysReachesTheCanaryStickyUsersKeepTheirVersionAndPromoteEndsIt() throws Exception {
        startWithV1(Duration.ofSeconds(20));
        Map<String, Object> options = quickCanary(List.of(phase(20, 600), Map.of("percentage", 100)), 1);
        Map<String, Object> canary = new LinkedHashMap<>(castMap(options.get("canary")));
        canary.put("segment", Map.of("header", "X-OpenClaw-User-Tier", "values", List.of("beta")));
        canary.put("sticky_header", "X-OpenClaw-User");
        options = Map.of("canary", canary, "rollback", options.get("rollback"));

        Deployment v2 = deploy(release("2.0.0", Map.of(), Map.of()), options);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> canaryWeight("2.0.0") == 20);

        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + agent.routerPort() + "/loops/" + CANARY_LOOP + "/x");
        for (int i = 0; i < 30; i++) {
            assertThat(versionOf(http, uri, "X-OpenClaw-User-Tier", "beta")).isEqualTo("2.0.0");
        }
        Map<String, String> versionByUser = new LinkedHashMap<>();
        for (int round = 0; round < 3; round++) {
            for (int user = 0; user < 100; user++) {
                String version = versionOf(http, uri, "X-OpenClaw-User", "user-" + user);
                String first = versionByUser.putIfAbsent("user-" + user, version);
                assertThat(first == null || first.equals(version)).as("user-%d stays on one version", user).isTrue();
            }
        }
        long onCanary = versionByUser.values().stream().filter("2.0.0"::equals).count();
        assertThat(onCanary).as("users in the canary at 20%%").isBetween(8L, 35L);

        agent.ops().controlDeployment(v2.id(), "promote", "carol", null);
        Deployment done = agent.awaitEnd(v2);
        assertThat(done.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(versionOf(http, uri, "X-OpenClaw-User", "user-1")).isEqualTo("2.0.0");
        assertThat(agent.events(v2.id())).filteredOn(e -> e.type().equals(EventTypes.CONTROL))
                .anySatisfy(e -> assertThat(e.data()).containsEntry("action", "promote").containsEntry("by", "carol"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    private static String versionOf(java.net.http.HttpClient http, java.net.URI uri, String header, String value)
            throws Exception {
        java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(uri)
                .header(header, value).timeout(Duration.ofSeconds(10)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"version\":\"([^\"]*)\"").matcher(r.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void unknownOptionsAreRefusedAndNothingStarts() throws Exception {
        startWithV1(Duration.ofSeconds(20));
        String sha = agent.upload(release("2.0.0", Map.of(), Map.of()));

        assertThatThrownBy(() -> agent.ops().deploy(new DeployRequest(sha, null, null, List.of(),
                Map.of("canary", Map.of("phasez", List.of()))), null, "tester"))
                .isInstanceOfSatisfying(OperationException.class, e -> {
                    assertThat(e.problemType()).isEqualTo(ProblemTypes.VALIDATION);
                    assertThat(e.getMessage()).contains("canary.phasez");
                });
        assertThat(agent.ops().deployments()).allMatch(Deployment::isFinished).hasSize(1);
    }
}
