package io.openclaw.deploy.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.InstanceRecord;
import io.openclaw.deploy.agent.journal.LoopAssignment;
import io.openclaw.deploy.agent.release.HealthCheck;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class LeftoverInstancesTest {
    private static final Instant CREATED = Instant.parse("2026-12-03T22:00:00Z");
    private static final Deployment INTERRUPTED = new Deployment("d-2", Deployment.KIND_DEPLOY,
            DeploymentState.SWITCHING, "2.0.0", "1.0.0", "blue-green", List.of("loop"), "sha", CREATED, CREATED,
            null, null, 3, "test");

    private static InstanceRecord instance(String version, String slot, Instant start, String launchedBy) {
        InstanceSpec spec = new InstanceSpec(InstanceSpec.instanceId("loop", slot, 0), "loop", version, slot, 0,
                slot.equals("blue") ? 9000 : 9020, List.of("x"), Map.of(), Path.of("."),
                HealthCheck.http("/health", Duration.ofSeconds(1)));
        return new InstanceRecord(spec, 42, start, null, launchedBy);
    }

    private static Predicate<InstanceRecord> leftovers(InstanceRecord... instances) {
        FleetRecord journaled = FleetRecord.empty()
                .withAssignments(Map.of("loop", new LoopAssignment("loop", "1.0.0", "blue", "blue-green")))
                .withInstances(List.of(instances))
                .withRunningDeployment(INTERRUPTED.id());
        return LeftoverInstances.of(journaled, INTERRUPTED);
    }

    @Test
    void theInterruptedDeploymentsInstanceIsALeftoverWhateverTheClockSaysOfItsStart() {
        // The clock was set back an hour between the deployment's creation and the launch.
        InstanceRecord launched = instance("2.0.0", "green", CREATED.minus(Duration.ofHours(1)), "d-2");

        assertThat(leftovers(launched).test(launched)).isTrue();
    }

    @Test
    void anUnroutedInstanceOfTheSameVersionFromAnEarlierDeploymentIsNotALeftoverWhateverItsStart() {
        InstanceRecord standby = instance("2.0.0", "green", CREATED.plusSeconds(30), "d-1");

        assertThat(leftovers(standby).test(standby)).isFalse();
    }

    @Test
    void whatServesOrRunsAnotherVersionIsNeverALeftover() {
        InstanceRecord serving = instance("1.0.0", "blue", CREATED.plusSeconds(5), "d-2");
        InstanceRecord otherVersion = instance("1.5.0", "green", CREATED.plusSeconds(5), "d-2");

        assertThat(leftovers(serving, otherVersion).test(serving)).isFalse();
        assertThat(leftovers(serving, otherVersion).test(otherVersion)).isFalse();
    }

    @Test
    void anInstanceOfAnOlderJournalIsJudgedByItsStartTime() {
        InstanceRecord startedAfter = instance("2.0.0", "green", CREATED.plusSeconds(1), null);
        InstanceRecord startedLongBefore = instance("2.0.0", "green", CREATED.minusSeconds(60), null);

        assertThat(leftovers(startedAfter).test(startedAfter)).isTrue();
        assertThat(leftovers(startedLongBefore).test(startedLongBefore)).isFalse();
    }
}
