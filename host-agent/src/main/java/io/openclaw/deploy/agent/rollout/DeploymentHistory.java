package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.journal.DeploymentRecord;
import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.Journal;
import io.openclaw.deploy.agent.resources.ResourceAlert;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every deployment of this agent by id (and by idempotency key), and which one is running with its manual control.
 * Only one runs at a time: {@link #open} refuses a second while the first is not finished.
 */
final class DeploymentHistory {
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** The running deployment and what a person may ask of it (null for a rollback, which cannot be steered). */
    record Running(DeploymentLog log, RolloutControl control) {}

    private final Journal journal;
    private final Clock clock;
    private final Fleet fleet;
    private final RolloutProgress progress;
    private final Map<String, DeploymentLog> deployments = new LinkedHashMap<>();
    private final Map<String, String> byIdempotencyKey = new LinkedHashMap<>();
    private Running running;

    DeploymentHistory(Journal journal, Clock clock, Fleet fleet, RolloutProgress progress) {
        this.journal = journal;
        this.clock = clock;
        this.fleet = fleet;
        this.progress = progress;
    }

    /** The deployment an earlier request with this key started, if any, as journaled (with its request). */
    synchronized Optional<DeploymentRecord> byIdempotencyKey(String idempotencyKey) {
        return Optional.ofNullable(idempotencyKey).map(byIdempotencyKey::get).map(id -> deployments.get(id).record());
    }

    /** @throws OperationException 409 deployment-in-progress while a deployment runs */
    synchronized void refuseIfBusy() {
        // A deployment reported finished is not busy, even while its thread is still tidying up (pruning releases):
        // a client that waited for the end may deploy at once.
        if (running != null && !running.log().view().isFinished()) {
            Deployment busy = running.log().view();
            throw new OperationException(ProblemTypes.DEPLOYMENT_IN_PROGRESS, 409,
                    "deployment " + busy.id() + " (" + busy.kind() + " of " + busy.version() + ") is "
                            + busy.state() + "; wait for it to end or abort it", busy.id(), null);
        }
    }

    /** Journals a new PENDING deployment and makes it the running one. */
    /** @param request the deploy request, journaled for idempotency checks (null for a rollback) */
    synchronized DeploymentLog open(String kind, String version, String strategy, List<String> loops, String sha,
            String idempotencyKey, DeployRequest request, String requestedBy, RolloutControl control) {
        refuseIfBusy();
        Instant now = clock.instant();
        String id = "d-" + ID_TIME.format(now) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        FleetRecord f = fleet.record();
        Deployment view = new Deployment(id, kind, DeploymentState.PENDING, version, f.release(), strategy, loops, sha,
                now, now, null, null, 0, requestedBy);
        DeploymentRecord record = new DeploymentRecord(view, idempotencyKey, f.assignments(), f.release(), request);
        journal.saveDeployment(record);
        DeploymentLog log = new DeploymentLog(journal, clock, record, List.of());
        deployments.put(id, log);
        if (idempotencyKey != null) {
            byIdempotencyKey.put(idempotencyKey, id);
        }
        progress.clear(); // what a finished deployment left, if its thread has not yet tidied up
        running = new Running(log, control);
        // The deployment's own record (journaled above) is what recovery reads; this mark is not worth a stuck slot.
        fleet.observe(r -> r.withRunningDeployment(id));
        return log;
    }

    /**
     * A deployment the previous agent died in, journaled and loaded, is the running one while the deployment thread
     * restores what served before it (no manual control: it is rolling back already).
     */
    synchronized void recovering(DeploymentLog log) {
        running = new Running(log, null);
    }

    /** The deployment's thread is done with it. */
    synchronized void finished(DeploymentLog log) {
        if (running != null && running.log() == log) {
            running = null;
            progress.clear();
        }
        // Only this deployment's mark: the next one may have been accepted already.
        fleet.observe(r -> log.id().equals(r.runningDeployment()) ? r.withRunningDeployment(null) : r);
    }

    /**
     * Records a resource alert as an event of the running deployment, if there is one (spec 9.1: alert + manual, so
     * the deployment goes on).
     *
     * @return whether a deployment was running to record it
     */
    synchronized boolean recordAlert(ResourceAlert alert) {
        if (running == null || running.log().view().isFinished()) {
            return false;
        }
        running.log().info(alert.kind() == ResourceAlert.Kind.RAISED ? EventTypes.RESOURCE_ALERT
                : EventTypes.RESOURCE_ALERT_CLEARED, alert.message(), alert.data());
        return true;
    }

    /** @throws OperationException not-found for an unknown id */
    synchronized DeploymentLog find(String id) {
        DeploymentLog log = deployments.get(id);
        if (log == null) {
            throw new OperationException(ProblemTypes.NOT_FOUND, 404, "no deployment " + id);
        }
        return log;
    }

    /** The running deployment, or null. */
    synchronized Running running() {
        return running;
    }

    synchronized List<Deployment> list() {
        List<Deployment> views = new ArrayList<>();
        deployments.values().forEach(l -> views.add(l.view()));
        views.sort(Comparator.comparing(Deployment::createdAt).reversed());
        return views;
    }

    synchronized Optional<Deployment> get(String id) {
        return Optional.ofNullable(deployments.get(id)).map(DeploymentLog::view);
    }

    synchronized Optional<Deployment> current() {
        return Optional.ofNullable(running).map(r -> r.log().view());
    }

    /**
     * Takes in the journaled deployments (after an agent restart).
     *
     * @return those that had not finished: the agent stopped during them
     */
    synchronized List<DeploymentLog> load(List<DeploymentRecord> records) throws IOException {
        for (DeploymentRecord record : records) {
            DeploymentLog log = DeploymentLog.journaled(journal, clock, record);
            deployments.put(record.view().id(), log);
            if (record.idempotencyKey() != null) {
                byIdempotencyKey.put(record.idempotencyKey(), record.view().id());
            }
        }
        return deployments.values().stream().filter(l -> !l.view().isFinished()).toList();
    }
}
