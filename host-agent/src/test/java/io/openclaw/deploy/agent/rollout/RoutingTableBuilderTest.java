package io.openclaw.deploy.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.ProcessIdentity;
import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.LoopAssignment;
import io.openclaw.deploy.agent.journal.LoopAssignment.CanaryTarget;
import io.openclaw.deploy.agent.router.Backend;
import io.openclaw.deploy.agent.router.RoutingTable;
import io.openclaw.deploy.agent.router.TrafficSplit;
import io.openclaw.deploy.agent.router.VersionChooser;
import io.openclaw.deploy.agent.release.HealthCheck;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import io.openclaw.deploy.agent.supervisor.InstanceState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingTableBuilderTest {
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
            assertThat(share(RoutingTableBuilder.backends(a, stable, canary), "2")).as("at %d%%", p).isEqualTo(p);
        }
    }

    @Test
    void withoutCanaryOrWithoutStableTheOtherGroupTakesEverything() {
        List<InstanceSpec> stable = List.of(spec("1", "blue", 0));
        List<InstanceSpec> canary = List.of(spec("2", "green", 0));
        LoopAssignment zero = new LoopAssignment("loop", "1", "blue", "canary", new CanaryTarget("2", "green", 0));
        assertThat(share(RoutingTableBuilder.backends(zero, stable, canary), "1")).isEqualTo(100);
        LoopAssignment half = zero.withCanary(new CanaryTarget("2", "green", 50));
        assertThat(share(RoutingTableBuilder.backends(half, List.of(), canary), "2")).isEqualTo(100);
        assertThat(share(RoutingTableBuilder.backends(half, stable, List.of()), "1")).isEqualTo(100);
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
        FleetRecord record = FleetRecord.empty()
                .withInstances(List.of(new io.openclaw.deploy.agent.journal.InstanceRecord(old, 1, null, null, null)));
        List<InstanceSnapshot> running = List.of(
                new InstanceSnapshot(next, new ProcessIdentity(2, Instant.EPOCH, null),
                        InstanceState.STARTING, false, 0),
                new InstanceSnapshot(tcpOnly, new ProcessIdentity(3, Instant.EPOCH, null),
                        InstanceState.RUNNING, true, 0));

        assertThat(RoutingTableBuilder.managementPaths(record, running)).isEqualTo(Map.of(
                "loop", Set.of("/health", "/shutdown", "/ops/health?deep=1", "/ops/stop"),
                "other", Set.of()));
    }

    private static InstanceSnapshot running(InstanceSpec spec) {
        return new InstanceSnapshot(spec, new ProcessIdentity(100, Instant.EPOCH, null), InstanceState.RUNNING, true, 0);
    }

    private static FleetRecord assigned(LoopAssignment a) {
        return FleetRecord.empty().withAssignments(Map.of("loop", a));
    }

    private static List<String> routed(RoutingTable table) {
        return table.backends("loop").stream().filter(b -> b.weight() > 0).map(Backend::instanceId).toList();
    }

    @Test
    void onlyHealthyRunningInstancesOfTheAssignedVersionAndSlotInRotationAreRouted() {
        InstanceSpec serving = spec("1", "blue", 0);
        InstanceSpec drained = spec("1", "blue", 1);
        InstanceSpec sick = spec("1", "blue", 2);
        InstanceSpec starting = spec("1", "blue", 3);
        InstanceSpec standby = spec("2", "green", 0);
        List<InstanceSnapshot> instances = List.of(running(serving), running(drained),
                new InstanceSnapshot(sick, new ProcessIdentity(101, Instant.EPOCH, null), InstanceState.RUNNING, false, 0),
                new InstanceSnapshot(starting, new ProcessIdentity(102, Instant.EPOCH, null), InstanceState.STARTING, true, 0), running(standby));

        RoutingTable table = RoutingTableBuilder.build(7, assigned(new LoopAssignment("loop", "1", "blue", "canary")),
                instances, Set.of(drained.id()), Map.of());

        assertThat(table.generation()).isEqualTo(7);
        assertThat(routed(table)).containsExactly(serving.id());
        assertThat(table.choosers()).isEmpty();
    }

    @Test
    void aLoopWithNothingRoutableIsListedWithoutBackends() {
        RoutingTable table = RoutingTableBuilder.build(1, assigned(new LoopAssignment("loop", "1", "blue", "canary")),
                List.of(running(spec("1", "green", 0))), Set.of(), Map.of());

        assertThat(table.loops()).containsEntry("loop", List.of());
    }

    @Test
    void aCanaryWithHeaderRulesGetsItsSplitAndAFlagChooserOfTheSameVersionReplacesIt() {
        CanaryTarget rules = new CanaryTarget("2", "green", 20, "X-OpenClaw-User-Tier", List.of("beta"), null);
        FleetRecord r = assigned(new LoopAssignment("loop", "1", "blue", "canary", rules));
        List<InstanceSnapshot> both = List.of(running(spec("1", "blue", 0)), running(spec("2", "green", 0)));
        VersionChooser flag = new TrafficSplit("2", 20, null, Set.of(), "X-OpenClaw-User");
        VersionChooser stale = new TrafficSplit("3", 20, null, Set.of(), "X-OpenClaw-User");

        assertThat(RoutingTableBuilder.build(1, r, both, Set.of(), Map.of()).choosers().get("loop"))
                .isEqualTo(new TrafficSplit("2", 20, "X-OpenClaw-User-Tier", Set.of("beta"), null));
        assertThat(RoutingTableBuilder.build(1, r, both, Set.of(), Map.of("loop", flag)).choosers().get("loop"))
                .isSameAs(flag);
        assertThat(RoutingTableBuilder.build(1, r, both, Set.of(), Map.of("loop", stale)).choosers().get("loop"))
                .as("a chooser of another version is not used").isNotSameAs(stale).isInstanceOf(TrafficSplit.class);
    }

    @Test
    void noChooserWhileOneSideHasNoRoutableInstanceOrTheShareIsZero() {
        List<InstanceSnapshot> stableOnly = List.of(running(spec("1", "blue", 0)));
        List<InstanceSnapshot> both = List.of(running(spec("1", "blue", 0)), running(spec("2", "green", 0)));
        FleetRecord at20 = assigned(new LoopAssignment("loop", "1", "blue", "canary",
                new CanaryTarget("2", "green", 20, null, List.of(), "X-OpenClaw-User")));
        FleetRecord at0 = assigned(new LoopAssignment("loop", "1", "blue", "canary",
                new CanaryTarget("2", "green", 0, null, List.of(), "X-OpenClaw-User")));

        assertThat(RoutingTableBuilder.build(1, at20, stableOnly, Set.of(), Map.of()).choosers()).isEmpty();
        assertThat(RoutingTableBuilder.build(1, at0, both, Set.of(), Map.of()).choosers()).isEmpty();
        assertThat(routed(RoutingTableBuilder.build(1, at0, both, Set.of(), Map.of())))
                .containsExactly("loop-blue-0");
    }
}
