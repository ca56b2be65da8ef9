package io.jenkins.plugins.openclaw.core;

import io.openclaw.deploy.protocol.AgentProblemException;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.AgentUnreachableException;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.Problem;
import io.openclaw.deploy.protocol.ProblemTypes;
import io.openclaw.deploy.protocol.RollbackRequest;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An in-memory agent speaking {@link DeploymentApi} for the step logic's unit tests: it keeps deployments by
 * idempotency key as the real agent does, plays a scripted list of events, and can drop the event stream after a
 * number of events to imitate a lost connection.
 */
final class ScriptedAgent implements DeploymentApi {
    static final Instant T0 = Instant.parse("2026-11-27T21:00:00Z");

    final Map<String, Deployment> byKey = new HashMap<>();
    final List<DeploymentEvent> events = new ArrayList<>();
    int deployCalls;
    int streamsOpened;
    /** Events delivered per stream before it breaks; Integer.MAX_VALUE for a healthy stream. */
    int dropAfter = Integer.MAX_VALUE;
    DeploymentState finalState = DeploymentState.SUCCEEDED;
    String finalReason;

    @Override
    public Deployment deploy(DeployRequest request, String idempotencyKey) {
        deployCalls++;
        return byKey.computeIfAbsent(idempotencyKey, k -> deployment("d-1", DeploymentState.PENDING, request.version()));
    }

    Deployment deployment(String id, DeploymentState state, String version) {
        boolean done = state.isTerminal();
        return new Deployment(id, Deployment.KIND_DEPLOY, state, version, "1.4.1", "canary", List.of(), "abc",
                T0, T0.plusSeconds(events.size()), done ? finalReason : null, done ? 42_000L : null,
                events.size(), "jenkins");
    }

    void script(DeploymentEvent... more) {
        events.addAll(List.of(more));
    }

    static DeploymentEvent event(long seq, String type, DeploymentState state, String message, Map<String, Object> data) {
        return new DeploymentEvent(seq, T0.plusSeconds(seq * 10), "d-1", type, state, message, data);
    }

    /** A canary deployment: verified, 10% then 50% then switched, ending in {@link #finalState}. */
    void scriptCanary() {
        script(
                event(1, EventTypes.ACCEPTED, DeploymentState.PENDING, "accepted", Map.of()),
                event(2, EventTypes.STATE, DeploymentState.STARTING, "starting green", Map.of()),
                event(3, EventTypes.INSTANCE_HEALTHY, DeploymentState.VERIFYING, "healthy",
                        Map.of("loop", "planner", "slot", "green")),
                event(4, EventTypes.WEIGHTS_CHANGED, DeploymentState.SWITCHING, "canary step",
                        Map.of("percentage", 10, "loops", List.of("planner"))),
                event(5, EventTypes.ANALYSIS, DeploymentState.SWITCHING, "canary healthy",
                        Map.of("loop", "planner", "error_rate", 0.1, "p99_ms", 120.0)),
                event(6, EventTypes.TRAFFIC_SWITCHED, DeploymentState.SWITCHING, "switched",
                        Map.of("loop", "planner", "version", "1.4.2")),
                event(7, EventTypes.COMPLETED, finalState, "done", Map.of()));
    }

    @Override
    public Deployment deployment(String id) throws AgentProblemException {
        if (!id.equals("d-1")) {
            throw new AgentProblemException(Problem.of(ProblemTypes.NOT_FOUND, "Not found", 404, id));
        }
        DeploymentState state = events.isEmpty() ? DeploymentState.PENDING : events.get(events.size() - 1).state();
        return deployment(id, state, "1.4.2");
    }

    @Override
    public long followEvents(String id, long afterSeq, Consumer<DeploymentEvent> sink) throws AgentUnreachableException {
        streamsOpened++;
        int delivered = 0;
        long last = afterSeq;
        for (DeploymentEvent e : events) {
            if (e.seq() > afterSeq) {
                if (delivered == dropAfter) {
                    throw new AgentUnreachableException("connection reset", null);
                }
                sink.accept(e);
                delivered++;
                last = e.seq();
            }
        }
        return last;
    }

    @Override
    public AgentStatus status() {
        throw new AssertionError("not used");
    }

    @Override
    public boolean hasArtifact(String sha256) {
        throw new AssertionError("not used");
    }

    @Override
    public void uploadArtifact(String sha256, long size, InputStream content) {
        throw new AssertionError("not used");
    }

    @Override
    public Deployment rollback(RollbackRequest request) {
        throw new AssertionError("not used");
    }

    @Override
    public Deployment control(String id, ControlAction action, String reason) {
        throw new AssertionError("not used");
    }
}
