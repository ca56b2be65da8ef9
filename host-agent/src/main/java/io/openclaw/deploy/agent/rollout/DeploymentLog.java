package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.DiskFullException;
import io.openclaw.deploy.agent.api.EventSink;
import io.openclaw.deploy.agent.journal.DeploymentRecord;
import io.openclaw.deploy.agent.journal.Journal;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.VerificationReport;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One deployment's record and its numbered events, journaled as they happen and delivered to followers. Followers
 * are called under this log's lock, which keeps their view gapless and ordered; they must not block (see {@link
 * EventSink}).
 */
final class DeploymentLog {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentLog.class);

    private final Journal journal;
    private final Clock clock;
    /** Null until first read for a finished deployment restored from the journal (see {@link #journaled}). */
    private List<DeploymentEvent> events;
    private final List<EventSink> followers = new ArrayList<>();
    private DeploymentRecord record;
    /** A journal write failed for want of space and the procedure was told (see {@link #journal}). */
    private boolean diskFullReported;

    DeploymentLog(Journal journal, Clock clock, DeploymentRecord record, List<DeploymentEvent> events) {
        this.journal = journal;
        this.clock = clock;
        this.record = record;
        this.events = events == null ? null : new ArrayList<>(events);
    }

    /**
     * A deployment as the journal holds it after a restart. A finished one reads its events only when someone asks
     * for them: the journal keeps hundreds of deployments, and reading all their events would hold up the agent's
     * start (issue 12) for events rarely read again.
     */
    static DeploymentLog journaled(Journal journal, Clock clock, DeploymentRecord record) throws IOException {
        return new DeploymentLog(journal, clock, record,
                record.view().isFinished() ? null : journal.loadEvents(record.view().id()));
    }

    private List<DeploymentEvent> loadedEvents() {
        if (events == null) {
            try {
                events = new ArrayList<>(journal.loadEvents(record.view().id()));
            } catch (IOException e) {
                LOG.warn("Cannot read the events of {}: {}", record.view().id(), e.toString());
                return List.of();
            }
        }
        return events;
    }

    synchronized Deployment view() {
        return record.view();
    }

    synchronized DeploymentRecord record() {
        return record;
    }

    String id() {
        return view().id();
    }

    synchronized List<DeploymentEvent> events() {
        return List.copyOf(loadedEvents());
    }

    /** Records a step; the deployment keeps its state. */
    void info(String type, String message, Map<String, Object> data) {
        append(type, null, message, data, null);
    }

    /** Moves the deployment to {@code state} and records why. */
    void state(DeploymentState state, String message) {
        append(EventTypes.STATE, state, message, Map.of(), null);
    }

    /**
     * Moves the deployment to {@code state} for a second step in that state, named by {@code step} in the event's
     * data, so that a reader (the Jenkins build page's phases) tells the two apart.
     */
    void state(DeploymentState state, String step, String message) {
        append(EventTypes.STATE, state, message, Map.of("step", step), null);
    }

    /**
     * Pauses the deployment: while it stays {@code PAUSED} its reason is {@code reason}, so the status and the
     * deployment itself say why it is held, not only its events.
     */
    void pause(String reason, Map<String, Object> data) {
        append(EventTypes.STATE, DeploymentState.PAUSED, reason, data, reason);
    }

    /** Ends the deployment: its terminal state, the reason (null on success), and its final event. */
    void finish(DeploymentState terminal, String reason, String message) {
        append(EventTypes.COMPLETED, terminal, message, reason == null ? Map.of() : Map.of("reason", reason), reason);
    }

    private synchronized void append(
            String type, DeploymentState newState, String message, Map<String, Object> data, String reason) {
        Deployment current = record.view();
        if (current.isFinished()) {
            LOG.warn("Event '{}' after the end of {} dropped", message, current.id());
            return;
        }
        Instant now = clock.instant();
        DeploymentState state = newState == null ? current.state() : newState;
        long seq = current.lastEventSeq() + 1;
        DeploymentEvent event = new DeploymentEvent(seq, now, current.id(), type, state, message, data);
        Long duration = state.isTerminal() ? Duration.between(current.createdAt(), now).toMillis() : null;
        // A running deployment has a reason only while paused (why it is held); resuming clears it, and an ended one
        // has the reason it ended with (none on success).
        String nextReason = state.isTerminal() || reason != null ? reason
                : state == DeploymentState.PAUSED ? current.reason() : null;
        Deployment next = new Deployment(current.id(), current.kind(), state, current.version(),
                current.previousVersion(), current.strategy(), current.loops(), current.artifactSha256(),
                current.createdAt(), now, nextReason, duration, seq, current.requestedBy(), current.verification());
        RuntimeException unjournaled = journal(() -> {
            journal.appendEvent(event);
            if (newState != null) {
                journal.saveDeployment(record.withView(next));
            }
        });
        record = record.withView(next);
        loadedEvents().add(event);
        LOG.info("[{}] #{} {} {}", current.id(), seq, state, message);
        for (EventSink follower : List.copyOf(followers)) {
            deliver(follower, event);
        }
        if (state.isTerminal()) {
            journal(() -> journal.saveDeployment(record));
            for (EventSink follower : List.copyOf(followers)) {
                end(follower, next);
            }
            followers.clear();
        } else if (unjournaled != null && !diskFullReported) {
            // Once: the procedure stops and ends the deployment (its end is recorded in memory whatever the disk).
            diskFullReported = true;
            throw unjournaled;
        }
    }

    /**
     * Runs a journal write. On a full disk the step is still recorded in memory and shown to followers: a deployment
     * that cannot be journaled must still end, or it would hold the agent's one deployment slot forever (issue 12).
     *
     * @return the disk-full failure, or null when the write went through
     */
    private RuntimeException journal(Runnable write) {
        try {
            write.run();
            return null;
        } catch (RuntimeException e) {
            if (!DiskFullException.isDiskFull(e)) {
                throw e;
            }
            LOG.warn("[{}] the disk is full: this step is kept in memory only ({})", record.view().id(), e.toString());
            return e instanceof DiskFullException ? e : DiskFullException.refusing("journal the deployment", e);
        }
    }

    /**
     * Records the release verification report (spec 10.2): kept with the deployment and sent as an event, so that
     * followers and {@code GET /v1/deployments/{id}} show it.
     */
    void verification(VerificationReport report) {
        synchronized (this) {
            record = record.withView(record.view().withVerification(report));
        }
        append(EventTypes.VERIFICATION, null, "verification " + (report.passed() ? "passed" : "failed: "
                + report.failureSummary()), Map.of("passed", report.passed(), "report", report), null);
    }

    /** Updates the recorded version once the manifest is known (a request may leave it to the artifact). */
    synchronized void version(String version) {
        Deployment c = record.view();
        record = record.withView(new Deployment(c.id(), c.kind(), c.state(), version, c.previousVersion(),
                c.strategy(), c.loops(), c.artifactSha256(), c.createdAt(), c.updatedAt(), c.reason(),
                c.durationMillis(), c.lastEventSeq(), c.requestedBy(), c.verification()));
        journal(() -> journal.saveDeployment(record));
    }

    synchronized AutoCloseable follow(long afterSeq, EventSink sink) {
        for (DeploymentEvent e : loadedEvents()) {
            if (e.seq() > afterSeq) {
                deliver(sink, e);
            }
        }
        if (record.view().isFinished()) {
            end(sink, record.view());
            return () -> {};
        }
        followers.add(sink);
        return () -> {
            synchronized (DeploymentLog.this) {
                followers.remove(sink);
            }
        };
    }

    private void deliver(EventSink sink, DeploymentEvent event) {
        try {
            sink.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("Event follower failed; dropping it", e);
            followers.remove(sink);
        }
    }

    private void end(EventSink sink, Deployment finished) {
        try {
            sink.onEnd(finished);
        } catch (RuntimeException e) {
            LOG.warn("Event follower failed at end", e);
        }
    }
}
