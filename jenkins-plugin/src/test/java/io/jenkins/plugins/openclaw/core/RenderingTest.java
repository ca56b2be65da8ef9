package io.jenkins.plugins.openclaw.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.InstanceStatus;
import io.openclaw.deploy.protocol.LoopStatus;
import io.openclaw.deploy.protocol.VerificationItem;
import io.openclaw.deploy.protocol.VerificationReport;
import io.openclaw.deploy.protocol.VerificationVerdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Event lines, step result maps, status maps and the build record built from events. */
class RenderingTest {
    private static final Instant T = Instant.parse("2026-11-27T21:04:05Z");

    @Test
    void eventLineShowsTimeStateTypeLoopMessageAndFigures() {
        DeploymentEvent e = new DeploymentEvent(5, T, "d-1", EventTypes.ANALYSIS, DeploymentState.SWITCHING,
                "canary healthy", Map.of("loop", "planner", "weight", 10, "p99_ms", 120.0, "error_rate", 0.1));

        assertThat(BuildLogLines.render(e)).isEqualTo(
                "[openclaw] 21:04:05 SWITCHING analysis  planner: canary healthy (weight=10, error_rate=0.1, p99_ms=120)");
    }

    @Test
    void aDeploymentPausedByAnInconclusiveAnalysisSaysWhichLoopAndWhyInTheBuildLog() {
        String why = "identity_manager 2.0.0 by release flag at 20%: no passing check in the phase's 4 s, the last"
                + " inconclusive: 0 canary requests, 5 needed; the deployment is paused: resume to go on to the next"
                + " phase, promote, or abort (canary.on_inconclusive: pause)";
        DeploymentEvent e = new DeploymentEvent(15, T, "d-1", EventTypes.STATE, DeploymentState.PAUSED, why,
                Map.of("cause", "inconclusive", "loops", List.of("identity_manager")));

        assertThat(BuildLogLines.render(e)).isEqualTo("[openclaw] 21:04:05 PAUSED state " + why
                + " (cause=inconclusive, loops=[identity_manager])");
    }

    @Test
    void eventLineStaysOnOneLineWhateverTheMessage() {
        DeploymentEvent e = new DeploymentEvent(1, null, "d-1", null, null, "line one\nline two", Map.of());

        assertThat(BuildLogLines.render(e)).isEqualTo("[openclaw] event line one line two");
    }

    @Test
    void stepResultHasTheDocumentedKeys() {
        Deployment d = new Deployment("d-9", Deployment.KIND_DEPLOY, DeploymentState.SUCCEEDED, "1.4.2", "1.4.1",
                "canary", List.of("planner"), "abc", T, T, null, 61_000L, 12, "jenkins");

        Map<String, Object> map = StepResults.toMap(d);

        assertThat(map).containsEntry("id", "d-9").containsEntry("version", "1.4.2")
                .containsEntry("strategy", "canary").containsEntry("state", "SUCCEEDED")
                .containsEntry("durationMillis", 61_000L).containsEntry("previousVersion", "1.4.1")
                .doesNotContainKey("reason");
        assertThat(map.keySet()).startsWith("id", "version", "strategy", "state", "durationMillis", "previousVersion");
        assertThat(StepResults.isFailure(d)).isFalse();
    }

    @Test
    void failedDeploymentWithoutReasonSaysSo() {
        Deployment d = new Deployment("d-9", Deployment.KIND_ROLLBACK, DeploymentState.FAILED, "1.4.1", "1.4.2",
                null, List.of(), null, T, T, null, 5L, 3, "jenkins");

        assertThat(StepResults.failureMessage("a", d))
                .isEqualTo("OpenClaw rollback d-9 of version 1.4.1 on agent a failed: no reason given by the agent");
    }

    @Test
    void statusMapCountsHealthyInstancesAndKeepsTheLoops() {
        AgentStatus status = new AgentStatus("1.4.2", "green", "ff", List.of(
                new LoopStatus("planner", "canary", "1.4.2", List.of(
                        new InstanceStatus("planner-green", "1.4.2", "green", 8001, 42, true, 100, "RUNNING"),
                        new InstanceStatus("planner-blue", "1.4.1", "blue", 8002, 43, false, 0, "STOPPING")))),
                null, "0.1.0", List.of("1.4.2", "1.4.1"));

        Map<String, Object> map = StatusMaps.toMap(status);

        assertThat(map).containsEntry("release", "1.4.2").containsEntry("activeSlot", "green")
                .containsEntry("instances", 2).containsEntry("healthyInstances", 1).containsEntry("idle", true)
                .containsEntry("releases", List.of("1.4.2", "1.4.1"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> loops = (List<Map<String, Object>>) map.get("loops");
        assertThat(loops).singleElement().satisfies(l -> assertThat(l).containsEntry("name", "planner"));
    }

    @Test
    void stepsAreNamedFromTheAgentsWeightEventShapes() {
        assertThat(DeploymentRecorder.stepOf(Map.of("percentage", 25, "loops", List.of("planner"))))
                .isEqualTo("canary 25%");
        assertThat(DeploymentRecorder.stepOf(Map.of("flag", "release.identity_manager", "revision", 7,
                "percentage", 20, "loops", List.of("identity_manager"))))
                .isEqualTo("release flag release.identity_manager 20%");
        assertThat(DeploymentRecorder.stepOf(Map.of("loop", "tts_engine", "batch", 2, "updated", 2, "replicas", 4)))
                .isEqualTo("tts_engine batch 2 updated");
        assertThat(DeploymentRecorder.stepOf(Map.of("something", "else"))).isNull();
    }

    @Test
    void recordCollectsPhasesWithTimingsAndLoopOutcomes() {
        ScriptedAgent agent = new ScriptedAgent();
        agent.finalState = DeploymentState.ROLLED_BACK;
        agent.finalReason = "p99 too high";
        agent.scriptCanary();
        BuildDeploymentRecord record = new BuildDeploymentRecord("win-prod-01", Deployment.KIND_DEPLOY, "1.4.2", "canary");

        DeploymentRecorder.accepted(record, agent.deployment("d-1", DeploymentState.PENDING, "1.4.2"));
        agent.events.forEach(e -> DeploymentRecorder.event(record, e));
        DeploymentRecorder.finished(record, agent.deployment("d-1", DeploymentState.ROLLED_BACK, "1.4.2"));

        assertThat(record.getPhases()).extracting(BuildDeploymentRecord.Phase::getName)
                .containsExactly("PENDING", "STARTING", "VERIFYING", "SWITCHING", "canary 10%", "SWITCHING");
        assertThat(record.getPhases()).allSatisfy(p -> assertThat(p.getDurationMillis()).isNotNegative());
        assertThat(record.getPhases().get(1).getDurationMillis()).isEqualTo(10_000);
        assertThat(record.getLoopOutcomes()).containsExactly(Map.entry("planner", "switched"));
        assertThat(record.getOutcome()).isEqualTo("rolled back");
        assertThat(record.getReason()).isEqualTo("p99 too high");
        assertThat(record.getPreviousVersion()).isEqualTo("1.4.1");
        assertThat(record.getDurationText()).isEqualTo("42.0 s");
    }

    @Test
    void aStateEnteredAgainForAnotherStepIsAPhaseOfItsOwn() {
        BuildDeploymentRecord record = new BuildDeploymentRecord("win-prod-01", Deployment.KIND_DEPLOY, "1.4.2", "blue-green");

        DeploymentRecorder.event(record, ScriptedAgent.event(1, EventTypes.STATE, DeploymentState.VERIFYING,
                "waiting for 1 instance(s) to pass health checks", Map.of()));
        DeploymentRecorder.event(record, ScriptedAgent.event(2, EventTypes.STATE, DeploymentState.SWITCHING,
                "switching", Map.of()));
        DeploymentRecorder.event(record, ScriptedAgent.event(3, EventTypes.STATE, DeploymentState.VERIFYING,
                "running the release verification checklist", Map.of("step", "checklist")));

        assertThat(record.getPhases()).extracting(BuildDeploymentRecord.Phase::getName)
                .containsExactly("VERIFYING", "SWITCHING", "VERIFYING (checklist)");
    }

    @Test
    void aVerificationEventIsPrintedAsTheChecklist() {
        Map<String, Object> report = Map.of("passed", false, "items", List.of(
                Map.of("check", "service_health", "title", "Service health endpoint returns 200", "verdict", "PASS",
                        "measured", "HTTP 200 in 2 ms", "threshold", "HTTP 200", "details", List.of()),
                Map.of("check", "dependencies", "title", "Databases and external services reachable",
                        "verdict", "FAIL", "measured", "0/1 reachable", "threshold", "all reachable within 3000 ms",
                        "details", List.of("db:5432 (gmail_processor) unreachable: Connection refused"))));
        DeploymentEvent e = ScriptedAgent.event(9, EventTypes.VERIFICATION, DeploymentState.VERIFYING,
                "verification failed: dependencies", Map.of("passed", false, "report", report));

        assertThat(BuildLogLines.render(e).lines().map(l -> l.replaceFirst("^\\[openclaw\\] \\d\\d:\\d\\d:\\d\\d ", "")))
                .containsExactly(
                        "VERIFYING verification verification failed: dependencies",
                        "[openclaw]   \u2714 Service health endpoint returns 200: HTTP 200 in 2 ms (HTTP 200)",
                        "[openclaw]   \u2718 Databases and external services reachable: 0/1 reachable (all reachable within 3000 ms)",
                        "[openclaw]       - db:5432 (gmail_processor) unreachable: Connection refused");
    }

    @Test
    void recordKeepsTheAgentsVerificationReportAsAChecklist() {
        ScriptedAgent agent = new ScriptedAgent();
        BuildDeploymentRecord record = new BuildDeploymentRecord("win-prod-01", Deployment.KIND_DEPLOY, "1.4.2", "blue-green");
        VerificationReport report = new VerificationReport(VerificationReport.TRIGGER_DEPLOY, "d-1",
                Instant.EPOCH, false, List.of(
                        new VerificationItem("loops_responding", "All agent loops responding", VerificationVerdict.PASS,
                                "15/15 loops responding", "all 15 loops", List.of()),
                        new VerificationItem("dependencies", "Databases and external services reachable",
                                VerificationVerdict.FAIL, "1/2 reachable", "all reachable within 3000 ms",
                                List.of("db:5432 (gmail_processor) unreachable: Connection refused")),
                        new VerificationItem("cpu", "CPU usage < 60 %", VerificationVerdict.WARN, "host 75.0 %",
                                "< 60 % per instance and host", List.of("host: 75.0 %"))));

        assertThat(record.getVerificationText()).isNull();
        DeploymentRecorder.finished(record,
                agent.deployment("d-1", DeploymentState.ROLLED_BACK, "1.4.2").withVerification(report));

        assertThat(record.getVerificationPassed()).isFalse();
        assertThat(record.getVerificationText()).isEqualTo("FAILED");
        assertThat(record.getVerification()).extracting(BuildDeploymentRecord.VerificationCheck::getMark,
                        BuildDeploymentRecord.VerificationCheck::getTitle, BuildDeploymentRecord.VerificationCheck::getMeasured)
                .containsExactly(
                        org.assertj.core.api.Assertions.tuple("\u2714", "All agent loops responding", "15/15 loops responding"),
                        org.assertj.core.api.Assertions.tuple("\u2718", "Databases and external services reachable", "1/2 reachable"),
                        org.assertj.core.api.Assertions.tuple("!", "CPU usage < 60 %", "host 75.0 %"));
        assertThat(record.getVerification().get(1).getDetails())
                .containsExactly("db:5432 (gmail_processor) unreachable: Connection refused");
        assertThat(StepResults.toMap(agent.deployment("d-1", DeploymentState.ROLLED_BACK, "1.4.2")
                .withVerification(report))).containsEntry("verificationPassed", false);
    }

    @Test
    void recordKeepsTheSwitchTimeAndHowFastAFailedCanaryLostItsTraffic() {
        BuildDeploymentRecord record = new BuildDeploymentRecord("win-prod-01", Deployment.KIND_DEPLOY, "1.4.2", "canary");

        DeploymentRecorder.event(record, ScriptedAgent.event(1, EventTypes.TRAFFIC_SWITCHED, DeploymentState.SWITCHING,
                "switched", Map.of("switchMicros", 6_800, "loops", 15)));
        DeploymentRecorder.event(record, ScriptedAgent.event(2, "rollback-started", DeploymentState.PROGRESSING,
                "canary failed", Map.of("reason", "error rate", "canaryOffMicros", 8_900)));

        assertThat(record.getSwitchText()).isEqualTo("6.8 ms");
        assertThat(record.getTrafficOffText()).isEqualTo("8.9 ms");
        assertThat(Durations.ofMicros(90)).isEqualTo("0.09 ms");
        assertThat(Durations.ofMicros(1_250_000)).isEqualTo("1.3 s");
    }

    @Test
    void aRecordTheAgentDidNotEndIsEndedOnceAndKeepsAnOutcomeItAlreadyHas() {
        BuildDeploymentRecord record = new BuildDeploymentRecord("win-prod-01", Deployment.KIND_DEPLOY, "1.4.2", "canary");
        DeploymentRecorder.event(record, ScriptedAgent.event(1, EventTypes.STATE, DeploymentState.PROGRESSING,
                "canary", Map.of()));

        assertThat(record.endLocally(BuildDeploymentRecord.ABORTED, "build aborted", 0)).isTrue();
        assertThat(record.getOutcome()).isEqualTo("aborted");
        assertThat(record.isFinished()).isTrue();
        assertThat(record.endLocally("FAILED", "later", 0)).isFalse();
        assertThat(record.getState()).isEqualTo(BuildDeploymentRecord.ABORTED);
    }

    @Test
    void durationsReadNaturally() {
        assertThat(Durations.text(850)).isEqualTo("850 ms");
        assertThat(Durations.text(12_400)).isEqualTo("12.4 s");
        assertThat(Durations.text(185_000)).isEqualTo("3 min 05 s");
        assertThat(Durations.text(3_720_000)).isEqualTo("1 h 02 min");
    }
}
