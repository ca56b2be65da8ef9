package io.openclaw.deploy.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.journal.LoopAssignment;
import io.openclaw.deploy.agent.journal.LoopAssignment.CanaryTarget;
import io.openclaw.deploy.agent.router.Backend;
import io.openclaw.deploy.agent.release.HealthCheck;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetWeightsTest {
    private static InstanceSpec spec(String version, String slot, int index) {
        return new InstanceSpec("loop-" + slot + "-" + index, "loop", version, slot, index, 9000 + index,
                List.of("x"), Map.of(), Path.of("."), new HealthCheck("/health", Duration.ofSeconds(1)));
    }

    private static int share(List<Backend> backends, String version) {
        int total = backends.stream().mapToInt(Backend::weight).sum();
        int part = backends.stream().filter(b -> b.version().equals(version)).mapToInt(Backend::weight).sum();
        return Math.round(100f * part / total);
    }

    @Test
    void canaryGroupGetsExactlyItsPercentageWhateverTheReplicaCounts() {
        List<InstanceSpec> stable = List.of(spec("1", "blue", 0), spec("1", "blue", 1), spec("1", "blue", 2));
        List<InstanceSpec> canary = List.of(spec("2", "green", 0), spec("2", "green", 1));
        for (int p : List.of(1, 5, 10, 25, 50, 99)) {
            LoopAssignment a = new LoopAssignment("loop", "1", "blue", "canary", new CanaryTarget("2", "green", p));
            assertThat(share(Fleet.backends(a, stable, canary), "2")).as("at %d%%", p).isEqualTo(p);
        }
    }

    @Test
    void withoutCanaryOrWithoutStableTheOtherGroupTakesEverything() {
        List<InstanceSpec> stable = List.of(spec("1", "blue", 0));
        List<InstanceSpec> canary = List.of(spec("2", "green", 0));
        LoopAssignment zero = new LoopAssignment("loop", "1", "blue", "canary", new CanaryTarget("2", "green", 0));
        assertThat(share(Fleet.backends(zero, stable, canary), "1")).isEqualTo(100);
        LoopAssignment half = zero.withCanary(new CanaryTarget("2", "green", 50));
        assertThat(share(Fleet.backends(half, List.of(), canary), "2")).isEqualTo(100);
        assertThat(share(Fleet.backends(half, stable, List.of()), "1")).isEqualTo(100);
    }

    @Test
    void managementPathsOfEveryVersionOfALoopAreInTheTable() {
        InstanceSpec old = new InstanceSpec("loop-blue-0", "loop", "1", "blue", 0, 9000, List.of("x"), Map.of(),
                Path.of("."), HealthCheck.http("/health", Duration.ofSeconds(1)),
                io.openclaw.deploy.agent.release.ShutdownRequest.http("/shutdown"));
        InstanceSpec next = new InstanceSpec("loop-green-0", "loop", "2", "green", 0, 9020, List.of("x"), Map.of(),
                Path.of("."), HealthCheck.http("/ops/health?deep=1", Duration.ofSeconds(1)),
                io.openclaw.deploy.agent.release.ShutdownRequest.http("/ops/stop"));
        InstanceSpec tcpOnly = new InstanceSpec("other-blue-0", "other", "1", "blue", 0, 9001, List.of("x"), Map.of(),
                Path.of("."), HealthCheck.tcp(Duration.ofSeconds(1)));
        io.openclaw.deploy.agent.journal.FleetRecord record = io.openclaw.deploy.agent.journal.FleetRecord.empty()
                .withInstances(List.of(new io.openclaw.deploy.agent.journal.InstanceRecord(old, 1, null)));
        List<io.openclaw.deploy.agent.supervisor.InstanceSnapshot> running = List.of(
                new io.openclaw.deploy.agent.supervisor.InstanceSnapshot(next, 2, null,
                        io.openclaw.deploy.agent.supervisor.InstanceState.STARTING, false, 0),
                new io.openclaw.deploy.agent.supervisor.InstanceSnapshot(tcpOnly, 3, null,
                        io.openclaw.deploy.agent.supervisor.InstanceState.RUNNING, true, 0));

        assertThat(Fleet.managementPaths(record, running)).isEqualTo(Map.of(
                "loop", java.util.Set.of("/health", "/shutdown", "/ops/health?deep=1", "/ops/stop"),
                "other", java.util.Set.of()));
    }
}
