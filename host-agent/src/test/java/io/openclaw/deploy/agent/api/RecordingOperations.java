package io.openclaw.deploy.agent.api;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.release.ArtifactUpload;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.InstanceStatus;
import io.openclaw.deploy.protocol.LoopStatus;
import io.openclaw.deploy.protocol.ProblemTypes;
import io.openclaw.deploy.protocol.RollbackRequest;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent as the API layer sees it, reduced to what the contract tests need: records every call, keeps artifacts in
 * memory (checking their digest like the real store), serves canned deployments, and has an event feed the test
 * pushes to.
 */
public final class RecordingOperations implements AgentOperations {
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final Map<String, byte[]> artifacts = new ConcurrentHashMap<>();
    public final Map<String, Deployment> deployments = new ConcurrentHashMap<>();
    public volatile DeployRequest lastDeployRequest;
    final Map<String, Deployment> byIdempotencyKey = new ConcurrentHashMap<>();
    final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    final AtomicInteger uploadsClosed = new AtomicInteger();
    final AtomicInteger subscriptionsClosed = new AtomicInteger();
    volatile long maxArtifactBytes = 100L * 1024 * 1024;
    /** The disk fills up once an upload has written this many bytes (-1: never), as ENOSPC reads in Java. */
    volatile long diskFullAfterBytes = -1;
    public volatile RuntimeException failNextDeploy;
    final PrometheusRegistry registry = new PrometheusRegistry();
    private final AtomicInteger ids = new AtomicInteger();

    public RecordingOperations() {
        Counter.builder().name("openclaw_test_requests").help("requests seen by the test").register(registry).inc(3);
    }

    /** The events of one deployment and who follows them. */
    static final class Feed {
        final List<DeploymentEvent> events = new ArrayList<>();
        final List<EventSink> sinks = new ArrayList<>();
        Deployment ended;
    }

    /** The deployment {@link #status()} reports as running; null: none. */
    public volatile Deployment running;

    @Override
    public AgentStatus status() {
        calls.add("status");
        InstanceStatus instance = new InstanceStatus("gmail_processor-blue-0", "1.4.2", "blue", 8001, 4242, true, 100, "RUNNING",
                3.5, 78L * 1024 * 1024, 0.3);
        return new AgentStatus(
                "1.4.2",
                "blue",
                null,
                List.of(new LoopStatus("gmail_processor", "rolling", "1.4.2", List.of(instance))),
                running,
                "test",
                List.of("1.4.2", "1.4.1"),
                io.openclaw.deploy.protocol.Availability.of(20_000, 3, 0.9999, 300));
    }

    @Override
    public boolean hasArtifact(String sha256) {
        calls.add("hasArtifact " + sha256);
        return artifacts.containsKey(sha256);
    }

    @Override
    public ArtifactUpload beginUpload(String sha256, long declaredLength) {
        calls.add("beginUpload " + sha256 + " " + declaredLength);
        if (declaredLength > maxArtifactBytes) {
            throw new OperationException(ProblemTypes.PAYLOAD_TOO_LARGE, 413, "artifact larger than " + maxArtifactBytes);
        }
        return new ArtifactUpload() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            private final MessageDigest digest = sha256();
            private boolean closed;

            @Override
            public void write(ByteBuffer chunk) throws java.io.IOException {
                if (closed) {
                    throw new IllegalStateException("write after close");
                }
                if (diskFullAfterBytes >= 0 && bytes.size() + chunk.remaining() > diskFullAfterBytes) {
                    throw new java.io.IOException("No space left on device");
                }
                byte[] b = new byte[chunk.remaining()];
                chunk.get(b);
                digest.update(b);
                bytes.write(b, 0, b.length);
                if (bytes.size() > maxArtifactBytes) {
                    throw new OperationException(ProblemTypes.PAYLOAD_TOO_LARGE, 413, "artifact larger than " + maxArtifactBytes);
                }
            }

            @Override
            public void commit() {
                String actual = HexFormat.of().formatHex(digest.digest());
                if (!actual.equals(sha256)) {
                    throw new OperationException(
                            ProblemTypes.DIGEST_MISMATCH, 422, "the content's SHA-256 is " + actual + ", not " + sha256);
                }
                artifacts.put(sha256, bytes.toByteArray());
                closed = true;
            }

            @Override
            public void close() {
                closed = true;
                uploadsClosed.incrementAndGet();
            }
        };
    }

    @Override
    public Deployment deploy(DeployRequest request, String idempotencyKey, String requestedBy) {
        calls.add("deploy " + request.artifactSha256() + " key=" + idempotencyKey + " by=" + requestedBy);
        lastDeployRequest = request;
        RuntimeException failure = failNextDeploy;
        if (failure != null) {
            failNextDeploy = null;
            throw failure;
        }
        if (idempotencyKey != null && byIdempotencyKey.containsKey(idempotencyKey)) {
            return byIdempotencyKey.get(idempotencyKey);
        }
        if (!artifacts.containsKey(request.artifactSha256())) {
            throw new OperationException(ProblemTypes.ARTIFACT_NOT_FOUND, 404, "no artifact " + request.artifactSha256());
        }
        Deployment d = deployment("d-" + ids.incrementAndGet(), Deployment.KIND_DEPLOY, request.version(), requestedBy);
        if (idempotencyKey != null) {
            byIdempotencyKey.put(idempotencyKey, d);
        }
        return d;
    }

    public Deployment deployment(String id, String kind, String version, String requestedBy) {
        Instant now = Instant.parse("2026-11-27T21:00:00Z");
        Deployment d = new Deployment(
                id, kind, DeploymentState.PENDING, version, "1.4.1", "auto", List.of(), null, now, now, null, null, 0, requestedBy);
        deployments.put(id, d);
        feeds.put(id, new Feed());
        return d;
    }

    @Override
    public List<Deployment> deployments() {
        calls.add("deployments");
        return deployments.values().stream()
                .sorted((a, b) -> b.id().compareTo(a.id()))
                .toList();
    }

    @Override
    public Optional<Deployment> deployment(String id) {
        calls.add("deployment " + id);
        return Optional.ofNullable(deployments.get(id));
    }

    @Override
    public AutoCloseable followEvents(String deploymentId, long afterSeq, EventSink sink) {
        calls.add("followEvents " + deploymentId + " after=" + afterSeq);
        Feed feed = feeds.get(deploymentId);
        if (feed == null) {
            throw new OperationException(ProblemTypes.NOT_FOUND, 404, "no deployment '" + deploymentId + "'");
        }
        synchronized (feed) {
            feed.events.stream().filter(e -> e.seq() > afterSeq).forEach(sink::onEvent);
            if (feed.ended != null) {
                sink.onEnd(feed.ended);
                return () -> {};
            }
            feed.sinks.add(sink);
        }
        return () -> {
            synchronized (feed) {
                feed.sinks.remove(sink);
            }
            subscriptionsClosed.incrementAndGet();
        };
    }

    /** Appends an event to a deployment's feed and hands it to its followers at once (on the test's thread). */
    public DeploymentEvent push(String deploymentId, DeploymentState state, String message) {
        Feed feed = feeds.get(deploymentId);
        synchronized (feed) {
            DeploymentEvent event = new DeploymentEvent(
                    feed.events.size() + 1,
                    Instant.now(),
                    deploymentId,
                    EventTypes.STATE,
                    state,
                    message,
                    Map.of("loop", "gmail_processor"));
            feed.events.add(event);
            List.copyOf(feed.sinks).forEach(s -> s.onEvent(event));
            return event;
        }
    }

    public void end(String deploymentId, DeploymentState state) {
        Feed feed = feeds.get(deploymentId);
        synchronized (feed) {
            Deployment d = deployments.get(deploymentId);
            Deployment finished = new Deployment(
                    d.id(), d.kind(), state, d.version(), d.previousVersion(), d.strategy(), d.loops(),
                    d.artifactSha256(), d.createdAt(), Instant.now(), state == DeploymentState.SUCCEEDED ? null : "health check failed",
                    1234L, feed.events.size(), d.requestedBy());
            deployments.put(deploymentId, finished);
            feed.ended = finished;
            List.copyOf(feed.sinks).forEach(s -> s.onEnd(finished));
            feed.sinks.clear();
        }
    }

    public int followers(String deploymentId) {
        Feed feed = feeds.get(deploymentId);
        synchronized (feed) {
            return feed.sinks.size();
        }
    }

    @Override
    public Deployment rollback(RollbackRequest request, String requestedBy) {
        calls.add("rollback to=" + request.toVersion() + " reason=" + request.reason() + " by=" + requestedBy);
        return deployment("r-" + ids.incrementAndGet(), Deployment.KIND_ROLLBACK, request.toVersion(), requestedBy);
    }

    @Override
    public Deployment controlDeployment(String deploymentId, String action, String requestedBy, String reason) {
        calls.add(action + " " + deploymentId + " reason=" + reason + " by=" + requestedBy);
        Deployment d = deployments.get(deploymentId);
        if (d == null) {
            throw new io.openclaw.deploy.agent.OperationException(
                    io.openclaw.deploy.protocol.ProblemTypes.NOT_FOUND, 404, "no deployment " + deploymentId);
        }
        return d;
    }

    @Override
    public PrometheusRegistry metrics() {
        calls.add("metrics");
        return registry;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
