package io.openclaw.deploy.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.release.HealthCheck;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path state;

    private static final Instant T0 = Instant.parse("2026-11-27T20:00:00.123Z");

    @Test
    void aFreshHomeHasAnEmptyFleet() throws Exception {
        assertThat(new Journal(state).loadFleet()).isEqualTo(FleetRecord.empty());
    }

    @Test
    void theFleetSurvivesARoundTripWithItsProcessesAndAssignments() throws Exception {
        InstanceSpec spec = new InstanceSpec("gmail_processor-blue-0", "gmail_processor", "1.4.2", "blue", 0, 8001,
                List.of("java", "-jar", "loop.jar"), Map.of("A", "b"), state.resolve("releases/1.4.2"),
                HealthCheck.http("/health", Duration.ofSeconds(5)));
        LoopAssignment assignment = new LoopAssignment("gmail_processor", "1.4.2", "blue", "rolling");
        FleetRecord fleet = new FleetRecord("1.4.2", "1.4.1", Map.of("gmail_processor", assignment),
                Map.of("gmail_processor", new LoopAssignment("gmail_processor", "1.4.1", "green", "rolling")),
                List.of(new InstanceRecord(spec, 4242, T0, "0c5b7a52-3f1e-4d3b-9a55-7f1f5b2b9e10/88123", "d-1")), "d-1");

        Journal journal = new Journal(state);
        journal.saveFleet(fleet);

        assertThat(new Journal(state).loadFleet()).isEqualTo(fleet);
    }

    @Test
    void anInstanceWithoutBootTicksOrDeploymentIsWrittenAsAgentsBeforeThemWroteIt() throws Exception {
        InstanceSpec spec = new InstanceSpec("tts_engine-blue-0", "tts_engine", "2.0.0", "blue", 0, 8024,
                List.of("java", "-jar", "loop.jar"), Map.of(), state.resolve("releases/2.0.0"),
                HealthCheck.http("/health", Duration.ofSeconds(5)));
        FleetRecord fleet = FleetRecord.empty().withInstances(List.of(new InstanceRecord(spec, 4545, T0, null, null)));

        new Journal(state).saveFleet(fleet);

        assertThat(Files.readString(state.resolve("fleet.json"))).containsPattern("\"pid\"\\s*:\\s*4545")
                .doesNotContain("processBootTicks").doesNotContain("launchedBy");
        InstanceRecord loaded = new Journal(state).loadFleet().instances().get(0);
        assertThat(loaded.process().bootTicks()).isNull();
        assertThat(loaded.launchedBy()).isNull();
    }

    @Test
    void launchNotesOutliveTheJournalObjectUntilClearedAndATornOneIsSkipped() throws Exception {
        InstanceSpec spec = new InstanceSpec("tts_engine-green-0", "tts_engine", "2.0.0", "green", 0, 8024,
                List.of("java", "-jar", "loop.jar"), Map.of(), state.resolve("releases/2.0.0"),
                HealthCheck.http("/health", Duration.ofSeconds(5)));
        InstanceRecord launched = new InstanceRecord(spec, 4343, T0, null, null);
        InstanceSpec otherSpec = new InstanceSpec("tts_engine-green-1", "tts_engine", "2.0.0", "green", 1, 8025,
                spec.command(), Map.of(), spec.workingDir(), spec.health());
        InstanceRecord other = new InstanceRecord(otherSpec, 4344, T0, null, null);
        Journal journal = new Journal(state);
        journal.saveLaunch(launched);
        journal.saveLaunch(other);
        journal.clearLaunch(other.id());
        Files.writeString(state.resolve("launches/stt_engine-green-0.json"), "{\"spec\": {\"id\": \"stt");

        assertThat(new Journal(state).loadLaunches()).containsExactly(launched);

        new Journal(state).clearLaunches();
        assertThat(new Journal(state).loadLaunches()).isEmpty();
        assertThat(state.resolve("launches")).isEmptyDirectory();
    }

    @Test
    void aTornLastEventLineIsIgnoredAndTheRestIsKept() throws Exception {
        Journal journal = new Journal(state);
        journal.appendEvent(event(1));
        journal.appendEvent(event(2));
        Files.writeString(state.resolve("deployments/d-1.events.ndjson"), "{\"seq\":3,\"ti",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(new Journal(state).loadEvents("d-1")).extracting(DeploymentEvent::seq).containsExactly(1L, 2L);
    }

    @Test
    void deploymentsComeBackOldestFirstWithTheirIdempotencyKeys() throws Exception {
        Journal journal = new Journal(state);
        journal.saveDeployment(record("d-2", T0.plusSeconds(5), "key-2"));
        journal.saveDeployment(record("d-1", T0, "key-1"));

        assertThat(new Journal(state).loadDeployments())
                .extracting(r -> r.view().id(), DeploymentRecord::idempotencyKey)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("d-1", "key-1"),
                        org.assertj.core.groups.Tuple.tuple("d-2", "key-2"));
    }

    private static DeploymentEvent event(long seq) {
        return new DeploymentEvent(seq, T0.plusMillis(seq), "d-1", "info", DeploymentState.STARTING, "step " + seq,
                Map.of("port", 8021));
    }

    private static DeploymentRecord record(String id, Instant created, String key) {
        Deployment view = new Deployment(id, Deployment.KIND_DEPLOY, DeploymentState.SUCCEEDED, "1.0.0", null, "auto",
                List.of(), "ab".repeat(32), created, created, null, 10L, 3, "admin");
        return new DeploymentRecord(view, key, Map.of(), null);
    }
}
