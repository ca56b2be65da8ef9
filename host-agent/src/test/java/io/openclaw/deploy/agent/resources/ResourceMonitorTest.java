package io.openclaw.deploy.agent.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.ProcessIdentity;
import io.openclaw.deploy.agent.config.RolloutConfig;
import io.openclaw.deploy.agent.release.HealthCheck;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import io.openclaw.deploy.agent.supervisor.InstanceState;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The monitor between the operating system (a sampler that reports the figures this test sets, the system edge) and
 * the supervisor's snapshots (plain records), with a clock the test moves.
 */
class ResourceMonitorTest {
    private static final RolloutConfig.ResourceAlerts THRESHOLDS =
            new RolloutConfig.ResourceAlerts(80, Duration.ofSeconds(60), 85, Duration.ofSeconds(60));

    private final MovableClock clock = new MovableClock();
    private final Map<Long, ResourceUsage> osFigures = new HashMap<>();
    private final List<InstanceSnapshot> instances = new ArrayList<>();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final List<ResourceAlert> alerts = new ArrayList<>();
    private HostUsage hostFigures = new HostUsage(37.5, 61.25);
    private final ResourceSampler os = new ResourceSampler() {
        @Override
        public Map<Long, ResourceUsage> sample(Set<Long> pids) {
            return ResourceMonitorTest.this.sample(pids);
        }

        @Override
        public Optional<HostUsage> sampleHost() {
            return Optional.ofNullable(hostFigures);
        }
    };
    private final ResourceMonitor monitor = new ResourceMonitor(os, () -> List.copyOf(instances),
            THRESHOLDS, registry, clock);

    {
        monitor.onAlert(alerts::add);
    }

    private Map<Long, ResourceUsage> sample(Set<Long> pids) {
        Map<Long, ResourceUsage> answer = new HashMap<>(osFigures);
        answer.keySet().retainAll(pids);
        return answer;
    }

    private static InstanceSnapshot running(String loop, int index, long pid) {
        InstanceSpec spec = new InstanceSpec(InstanceSpec.instanceId(loop, "blue", index), loop, "1.0.0", "blue",
                index, 9000 + index, List.of("loop"), Map.of(), Path.of("."), HealthCheck.tcp(Duration.ofSeconds(1)));
        return new InstanceSnapshot(spec, new ProcessIdentity(pid, Instant.EPOCH, null), InstanceState.RUNNING, true, 0);
    }

    private void roundAfter(int seconds) {
        clock.now = clock.now.plusSeconds(seconds);
        monitor.round();
    }

    private String metrics() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void keepsTheLatestFiguresOfEachRunningInstanceAndPublishesThem() throws IOException {
        instances.add(running("gmail_processor", 0, 101));
        osFigures.put(101L, new ResourceUsage(12.5, 64_000_000, 0.4));

        roundAfter(1);

        assertThat(monitor.usage("gmail_processor-blue-0")).contains(new ResourceUsage(12.5, 64_000_000, 0.4));
        assertThat(metrics())
                .contains("openclaw_instance_cpu_percent{instance=\"gmail_processor-blue-0\",loop=\"gmail_processor\","
                        + "version=\"1.0.0\"} 12.5")
                .contains("openclaw_instance_memory_bytes{instance=\"gmail_processor-blue-0\"");
        assertThat(alerts).isEmpty();
    }

    @Test
    void raisesAnAlertNamingTheInstanceFigureThresholdAndDurationThenClearsIt() {
        instances.add(running("gmail_processor", 0, 101));
        instances.add(running("gmail_processor", 1, 102));
        osFigures.put(101L, new ResourceUsage(95, 1_000, 1));
        osFigures.put(102L, new ResourceUsage(5, 1_000, 1));

        roundAfter(0);
        roundAfter(30);
        assertThat(alerts).isEmpty();
        roundAfter(30);

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(ResourceAlert.Kind.RAISED);
            assertThat(a.instanceId()).isEqualTo("gmail_processor-blue-0");
            assertThat(a.figure()).isEqualTo("cpu");
            assertThat(a.thresholdPercent()).isEqualTo(80);
            assertThat(a.lasted()).isEqualTo(Duration.ofSeconds(60));
            assertThat(a.message()).contains("cpu of gmail_processor-blue-0").contains("above 80.0%")
                    .contains("for 60 s").contains("no automatic action");
            assertThat(a.data()).containsEntry("instance", "gmail_processor-blue-0").containsEntry("figure", "cpu")
                    .containsEntry("thresholdPercent", 80.0).containsEntry("seconds", 60L);
        });

        osFigures.put(101L, new ResourceUsage(3, 1_000, 1));
        roundAfter(10);
        roundAfter(60);
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(1).kind()).isEqualTo(ResourceAlert.Kind.CLEARED);
        assertThat(alerts.get(1).instanceId()).isEqualTo("gmail_processor-blue-0");
    }

    @Test
    void memoryIsJudgedAsAShareOfPhysicalMemory() {
        instances.add(running("memory_manager", 0, 201));
        osFigures.put(201L, new ResourceUsage(1, 20_000_000_000L, 90));

        roundAfter(0);
        roundAfter(60);

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.figure()).isEqualTo("memory");
            assertThat(a.thresholdPercent()).isEqualTo(85);
        });
    }

    @Test
    void aRestartedOrStoppedInstanceStartsAfreshAndLeavesNoSeries() throws IOException {
        instances.add(running("gmail_processor", 0, 101));
        osFigures.put(101L, new ResourceUsage(95, 1_000, 1));
        roundAfter(0);
        roundAfter(50);

        // Restarted under a new pid: the 50 s above the threshold belonged to the old process.
        instances.set(0, running("gmail_processor", 0, 111));
        osFigures.put(111L, new ResourceUsage(95, 1_000, 1));
        roundAfter(10);
        assertThat(alerts).isEmpty();
        roundAfter(59);
        assertThat(alerts).isEmpty();
        roundAfter(1);
        assertThat(alerts).hasSize(1);

        instances.clear();
        roundAfter(1);
        assertThat(monitor.usage("gmail_processor-blue-0")).isEmpty();
        assertThat(metrics()).doesNotContain("gmail_processor-blue-0");
    }

    @Test
    void onlyRunningInstancesWithAProcessAreSampled() {
        InstanceSnapshot starting = running("tts_engine", 0, 301);
        instances.add(new InstanceSnapshot(starting.spec(), new ProcessIdentity(301, Instant.EPOCH, null), InstanceState.STARTING, false, 0));
        osFigures.put(301L, new ResourceUsage(99, 1_000, 1));

        roundAfter(0);

        assertThat(monitor.usage("tts_engine-blue-0")).isEmpty();
    }

    @Test
    void offersItsLastRoundToAVerificationWithItsWindowAndAge() {
        instances.add(running("gmail_processor", 0, 101));
        instances.add(running("tts_engine", 1, 102));
        osFigures.put(101L, new ResourceUsage(12.5, 64_000_000, 0.4));
        osFigures.put(102L, new ResourceUsage(3.0, 32_000_000, 0.2));
        roundAfter(1);
        assertThat(monitor.recent(Set.of(101L))).as("one round has no window yet").isEmpty();

        roundAfter(10);
        clock.now = clock.now.plusSeconds(3);

        ResourceWindow.Figures figures = monitor.recent(Set.of(101L)).orElseThrow();
        assertThat(figures.processes()).containsExactly(Map.entry(101L, new ResourceUsage(12.5, 64_000_000, 0.4)));
        assertThat(figures.hostCpuPercent()).isEqualTo(37.5);
        assertThat(figures.hostMemoryPercent()).isEqualTo(61.25);
        assertThat(figures.basis()).isEqualTo("from the resource monitor's last 10.0 s sample, 3.0 s ago");
    }

    @Test
    void offersNothingForAProcessItHasNotMeasuredNorWhenItsRoundIsOldOrTheHostUnknown() {
        instances.add(running("gmail_processor", 0, 101));
        osFigures.put(101L, new ResourceUsage(12.5, 64_000_000, 0.4));
        roundAfter(1);
        roundAfter(10);

        assertThat(monitor.recent(Set.of(101L, 999L))).as("a process restarted since the round").isEmpty();
        clock.now = clock.now.plusSeconds(21);
        assertThat(monitor.recent(Set.of(101L))).as("older than two intervals (10 s each)").isEmpty();

        hostFigures = null;
        roundAfter(1);
        assertThat(monitor.recent(Set.of(101L))).as("the host's figures cannot be read").isEmpty();
    }

    @Test
    void samplesFasterForShortDurationsWithinBounds() {
        assertThat(ResourceMonitor.intervalFor(RolloutConfig.ResourceAlerts.DEFAULTS)).isEqualTo(Duration.ofSeconds(5));
        assertThat(ResourceMonitor.intervalFor(new RolloutConfig.ResourceAlerts(80, Duration.ofSeconds(3), 85,
                Duration.ofMinutes(2)))).isEqualTo(Duration.ofMillis(500));
        assertThat(ResourceMonitor.intervalFor(new RolloutConfig.ResourceAlerts(80, Duration.ofMillis(1), 85,
                Duration.ofMillis(1)))).isEqualTo(Duration.ofMillis(200));
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
