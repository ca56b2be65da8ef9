package io.openclaw.deploy.agent.testing;

import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.api.AgentOperations;
import io.openclaw.deploy.agent.api.EventSink;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.release.ArtifactUpload;
import io.openclaw.deploy.agent.runtime.AgentRuntime;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real agent runtime in this JVM (real router, real loop processes), with the calls tests make of it. */
public final class RunningAgent implements AutoCloseable {
    private final AgentHome home;
    private final AgentConfig config;
    private AgentRuntime runtime;

    public RunningAgent(Path root, AgentConfig config) throws Exception {
        this.home = new AgentHome(root);
        this.config = config;
        this.runtime = AgentRuntime.start(home, config, "00".repeat(32), "test", Clock.systemUTC());
        runtime.backInControl();
    }

    public AgentOperations ops() {
        return runtime.operations();
    }

    /** The admin operations on flags, as {@code /v1/flags} offers them. */
    public io.openclaw.deploy.agent.flags.FlagOperations flags() {
        return runtime.flags();
    }

    public AgentHome home() {
        return home;
    }

    public int routerPort() {
        return runtime.routerPort();
    }

    /**
     * Stops this runtime and starts a new one on the same home, as a service restart would: the router process and the
     * loops keep running in between and the new runtime adopts them.
     */
    public void restart() throws Exception {
        restart(() -> { });
    }

    /** {@link #restart()}, with {@code whileStopped} done between the stop and the start (e.g. a loop dying). */
    public void restart(Runnable whileStopped) throws Exception {
        runtime.detach();
        whileStopped.run();
        runtime = AgentRuntime.start(home, config, "00".repeat(32), "test", Clock.systemUTC());
        runtime.backInControl();
    }

    /** How the verification reads the agent's metrics (the runtime's registry until this is called). */
    public void scrapeMetricsWith(io.openclaw.deploy.agent.verification.MetricsScrape scrape) {
        runtime.scrapeMetricsWith(scrape);
    }

    public String upload(Path zip) throws IOException {
        String sha = TestReleases.sha256(zip);
        if (ops().hasArtifact(sha)) {
            return sha;
        }
        try (ArtifactUpload upload = ops().beginUpload(sha, Files.size(zip));
                InputStream in = Files.newInputStream(zip)) {
            byte[] buffer = new byte[64 * 1024];
            for (int r; (r = in.read(buffer)) >= 0; ) {
                upload.write(ByteBuffer.wrap(buffer, 0, r));
            }
            upload.commit();
        }
        return sha;
    }

    public Deployment deploy(Path zip) throws IOException {
        return ops().deploy(new DeployRequest(upload(zip), null, null, List.of(), Map.of()), null, "test");
    }

    public Deployment awaitEnd(Deployment started) {
        return awaitEnd(started.id());
    }

    public Deployment awaitEnd(String id) {
        return await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> ops().deployment(id).orElseThrow(), Deployment::isFinished);
    }

    public Deployment deployAndWait(Path zip) throws IOException {
        return awaitEnd(deploy(zip));
    }

    /** The events of a deployment so far, running or not (a follower gets them replayed as it starts following). */
    public List<DeploymentEvent> eventsSoFar(String id) throws Exception {
        List<DeploymentEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable ignored = ops().followEvents(id, 0, new EventSink() {
            @Override
            public void onEvent(DeploymentEvent event) {
                events.add(event);
            }

            @Override
            public void onEnd(Deployment finished) {}
        })) {
            return List.copyOf(events);
        }
    }

    /** All events of a finished deployment, as a follower receives them. */
    public List<DeploymentEvent> events(String id) throws Exception {
        List<DeploymentEvent> events = new java.util.ArrayList<>();
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        try (AutoCloseable ignored = ops().followEvents(id, 0, new EventSink() {
            @Override
            public void onEvent(DeploymentEvent event) {
                events.add(event);
            }

            @Override
            public void onEnd(Deployment finished) {
                ended.countDown();
            }
        })) {
            if (!ended.await(90, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("deployment " + id + " did not end");
            }
        }
        return events;
    }

    @Override
    public void close() {
        runtime.close();
    }
}
