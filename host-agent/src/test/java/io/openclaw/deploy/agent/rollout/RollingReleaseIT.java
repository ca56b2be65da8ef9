package io.openclaw.deploy.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.api.EventSink;
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
import io.openclaw.deploy.sample.Traffic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rolling updates through a real agent: four real replicas replaced two at a time under real traffic. */
class RollingReleaseIT {
    private static final String LOOP = "gmail_processor";

    @TempDir
    Path tmp;

    private RunningAgent agent;
    private Traffic traffic;

    @AfterEach
    void tearDown() throws Exception {
        if (traffic != null) {
            traffic.stop();
        }
        if (agent != null) {
            agent.close();
        }
    }

    private Path release(String version, Map<String, String> env) throws Exception {
        return TestReleases.build(Files.createDirectories(tmp.resolve("zips")), version, List.of(LOOP), env,
                Map.of(LOOP, 4));
    }

    private void startWithV1(Duration startTimeout) throws Exception {
        agent = new RunningAgent(tmp.resolve("home"), TestConfigs.quick(Duration.ofSeconds(60), startTimeout));
        assertThat(agent.deployAndWait(release("1.0.0", Map.of())).state()).isEqualTo(DeploymentState.SUCCEEDED);
        traffic = Traffic.start(agent.routerPort(), List.of(LOOP), 3);
        assertThat(traffic.awaitMoreAnswers(50, Duration.ofSeconds(30))).isTrue();
    }

    private Deployment rolling(Path zip, int stabilizationSeconds) throws Exception {
        return agent.ops().deploy(new DeployRequest(agent.upload(zip), null, "rolling", List.of(),
                Map.of("rolling_update", Map.of("batch_size", 2, "stabilization_seconds", stabilizationSeconds))),
                null, "tester");
    }

    private List<InstanceStatus> serving() {
        return agent.ops().status().loops().stream()
                .filter(l -> l.name().equals(LOOP))
                .flatMap(l -> l.instances().stream())
                .filter(i -> i.weight() > 0)
                .toList();
    }

    @Test
    void batchesReplaceEveryInstanceWithoutAFailedRequest() throws Exception {
        startWithV1(Duration.ofSeconds(20));

        Deployment v2 = agent.awaitEnd(rolling(release("2.0.0", Map.of()), 1));
        long end = System.nanoTime();
        assertThat(traffic.awaitMoreAnswers(100, Duration.ofSeconds(20))).isTrue();

        assertThat(v2.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(traffic.failures()).isEmpty();
        assertThat(traffic.versionsSentAfter(end)).containsOnly("2.0.0");
        assertThat(agent.ops().status().loops()).flatExtracting(LoopStatus::instances)
                .extracting(InstanceStatus::version)
                .containsOnly("2.0.0")
                .hasSize(4);
        assertThat(serving()).extracting(InstanceStatus::weight).containsOnly(25);
        assertThat(agent.events(v2.id())).filteredOn(e -> e.type().equals(EventTypes.WEIGHTS_CHANGED))
                .extracting(e -> e.data().get("updated"))
                .containsExactly(2, 4);
    }

    @Test
    void failingBatchLeavesTheOldVersionServing() throws Exception {
        startWithV1(Duration.ofSeconds(4));

        Deployment bad = agent.awaitEnd(rolling(release("2.0.0", Map.of("SAMPLE_FAIL_HEALTH", "true")), 1));
        assertThat(traffic.awaitMoreAnswers(100, Duration.ofSeconds(20))).isTrue();

        assertThat(bad.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(bad.reason()).contains("batch 1 health check failed").contains("back on 1.0.0");
        assertThat(traffic.failures()).isEmpty();
        assertThat(traffic.versionsSentAfter(0)).containsOnly("1.0.0");
        assertThat(serving()).extracting(InstanceStatus::version).containsOnly("1.0.0").hasSize(4);
    }

    @Test
    void abortAfterABatchBringsBackTheStoppedOldInstances() throws Exception {
        startWithV1(Duration.ofSeconds(20));

        Deployment v2 = rolling(release("2.0.0", Map.of()), 30);
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(20))
                .until(() -> serving().stream().filter(i -> i.version().equals("2.0.0")).count() == 2
                        && serving().size() == 4);
        agent.ops().controlDeployment(v2.id(), "abort", "bob", null);
        Deployment aborted = agent.awaitEnd(v2);
        long end = System.nanoTime();
        assertThat(traffic.awaitMoreAnswers(100, Duration.ofSeconds(20))).isTrue();

        assertThat(aborted.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(aborted.reason()).contains("aborted by bob");
        assertThat(traffic.failures()).isEmpty();
        assertThat(traffic.versionsSentAfter(0)).contains("2.0.0");
        assertThat(traffic.versionsSentAfter(end)).containsOnly("1.0.0");
        assertThat(serving()).extracting(InstanceStatus::version).containsOnly("1.0.0").hasSize(4);
        assertThat(agent.events(aborted.id())).extracting(DeploymentEvent::message)
                .anySatisfy(m -> assertThat(m).startsWith("restarted " + LOOP + "-blue-"));
    }

    /**
     * Issue 3: "on failure the batch and the batches already updated go back to the old version". Three replicas,
     * batch size 1: the first batch succeeds; the marker created when its event is journaled makes every instance
     * started afterwards unhealthy, so the second batch fails.
     */
    @Test
    void aLaterBatchFailingReturnsEveryInstanceToTheOldVersion() throws Exception {
        int replicas = 3;
        int batchSize = 1;
        Path marker = tmp.resolve("fail-health-from-now-on");
        Map<String, String> env = Map.of("SAMPLE_FAIL_HEALTH_IF_FILE", marker.toString());
        Path zips = Files.createDirectories(tmp.resolve("zips"));
        agent = new RunningAgent(tmp.resolve("home"), TestConfigs.quick(Duration.ofSeconds(60), Duration.ofSeconds(4)));
        // Only the new release carries the fault: the old instances brought back must start healthy.
        assertThat(agent.deployAndWait(TestReleases.build(zips, "1.0.0", List.of(LOOP), Map.of(), Map.of(LOOP, replicas)))
                .state()).isEqualTo(DeploymentState.SUCCEEDED);
        traffic = Traffic.start(agent.routerPort(), List.of(LOOP), 3);
        assertThat(traffic.awaitMoreAnswers(50, Duration.ofSeconds(30))).isTrue();
        CapacityWatch capacity = CapacityWatch.start(this::serving);

        Deployment v2;
        try {
            v2 = agent.ops().deploy(new DeployRequest(agent.upload(TestReleases.build(zips, "2.0.0", List.of(LOOP), env,
                    Map.of(LOOP, replicas))), null, "rolling", List.of(),
                    Map.of("rolling_update", Map.of("batch_size", batchSize, "stabilization_seconds", 1))),
                    null, "tester");
            // Called on the deployment thread as the event is journaled: the second batch cannot start before the
            // marker exists, and the first has already started without it.
            try (AutoCloseable ignored = agent.ops().followEvents(v2.id(), 0, new EventSink() {
                @Override
                public void onEvent(DeploymentEvent event) {
                    if (event.type().equals(EventTypes.WEIGHTS_CHANGED) && Integer.valueOf(1).equals(
                            event.data().get("batch"))) {
                        try {
                            Files.createFile(marker);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }

                @Override
                public void onEnd(Deployment finished) {}
            })) {
                v2 = agent.awaitEnd(v2);
            }
        } finally {
            capacity.stop();
        }
        long end = System.nanoTime();
        assertThat(traffic.awaitMoreAnswers(100, Duration.ofSeconds(20))).isTrue();

        assertThat(Files.exists(marker)).as("the first batch finished").isTrue();
        assertThat(v2.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(v2.reason()).contains("batch 2 health check failed").contains("back on 1.0.0");
        List<DeploymentEvent> events = agent.events(v2.id());
        assertThat(events).filteredOn(e -> e.type().equals(EventTypes.WEIGHTS_CHANGED))
                .extracting(e -> e.data().get("updated")).containsExactly(1);
        assertThat(events).extracting(DeploymentEvent::message)
                .anySatisfy(m -> assertThat(m).startsWith("restarted " + LOOP + "-blue-0"));
        assertThat(agent.ops().status().loops()).flatExtracting(LoopStatus::instances)
                .extracting(InstanceStatus::version)
                .containsOnly("1.0.0")
                .hasSize(replicas);
        assertThat(serving()).extracting(InstanceStatus::version).containsOnly("1.0.0").hasSize(replicas);
        assertThat(traffic.failures()).isEmpty();
        assertThat(traffic.versionsSentAfter(0)).contains("2.0.0");
        assertThat(traffic.versionsSentAfter(end)).containsOnly("1.0.0");
        assertThat(capacity.lowest()).isGreaterThanOrEqualTo(replicas - batchSize);
    }

    /** The fewest healthy instances in rotation seen while it ran, polling the status as an operator would. */
    private static final class CapacityWatch {
        private final java.util.concurrent.atomic.AtomicInteger lowest =
                new java.util.concurrent.atomic.AtomicInteger(Integer.MAX_VALUE);
        private final java.util.concurrent.atomic.AtomicBoolean running =
                new java.util.concurrent.atomic.AtomicBoolean(true);
        private final Thread thread;

        private CapacityWatch(java.util.function.Supplier<List<InstanceStatus>> serving) {
            thread = new Thread(() -> {
                while (running.get()) {
                    int healthy = (int) serving.get().stream().filter(InstanceStatus::healthy).count();
                    lowest.accumulateAndGet(healthy, Math::min);
                    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
                }
            }, "capacity-watch");
        }

        static CapacityWatch start(java.util.function.Supplier<List<InstanceStatus>> serving) {
            CapacityWatch w = new CapacityWatch(serving);
            w.thread.start();
            return w;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        int lowest() {
            return lowest.get();
        }
    }
}
