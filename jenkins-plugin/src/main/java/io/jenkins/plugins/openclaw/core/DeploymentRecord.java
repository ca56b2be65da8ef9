package io.jenkins.plugins.openclaw.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a build remembers about one deployment it made: shown in the badge, the build summary and the job view, and
 * used by the Roll back button. Mutable plain fields because Jenkins persists it with the build (XStream), and it is
 * updated while the deployment runs. Thread-safe: all access is synchronized.
 */
public final class DeploymentRecord {
    /** One phase with its timing. */
    public static final class Phase {
        private final String name;
        private final long startedAtMillis;
        private long durationMillis = -1;

        public Phase(String name, long startedAtMillis) {
            this.name = name;
            this.startedAtMillis = startedAtMillis;
        }

        public String getName() {
            return name;
        }

        public long getStartedAtMillis() {
            return startedAtMillis;
        }

        /** -1 while the phase is current. */
        public long getDurationMillis() {
            return durationMillis;
        }

        public String getDurationText() {
            return durationMillis < 0 ? "running" : Durations.text(durationMillis);
        }
    }

    /** A press of the Roll back button: who, when and what came of it. */
    public static final class RollbackNote {
        private final String user;
        private final long atMillis;
        private final boolean accepted;
        private final String outcome;

        public RollbackNote(String user, long atMillis, boolean accepted, String outcome) {
            this.user = user;
            this.atMillis = atMillis;
            this.accepted = accepted;
            this.outcome = outcome;
        }

        public String getUser() {
            return user;
        }

        public long getAtMillis() {
            return atMillis;
        }

        public boolean isAccepted() {
            return accepted;
        }

        public String getOutcome() {
            return outcome;
        }
    }

    private final String agent;
    private final String kind;
    private String deploymentId;
    private String version;
    private String previousVersion;
    private String strategy;
    private String state = "PENDING";
    private String reason;
    private Long durationMillis;
    private final List<Phase> phases = new ArrayList<>();
    private final Map<String, String> loopOutcomes = new LinkedHashMap<>();
    private final List<RollbackNote> rollbacks = new ArrayList<>();

    public DeploymentRecord(String agent, String kind, String version, String strategy) {
        this.agent = agent;
        this.kind = kind;
        this.version = version;
        this.strategy = strategy;
    }

    public String getAgent() {
        return agent;
    }

    public String getKind() {
        return kind;
    }

    public synchronized String getDeploymentId() {
        return deploymentId;
    }

    public synchronized String getVersion() {
        return version;
    }

    public synchronized String getPreviousVersion() {
        return previousVersion;
    }

    public synchronized String getStrategy() {
        return strategy;
    }

    public synchronized String getState() {
        return state;
    }

    public synchronized String getReason() {
        return reason;
    }

    public synchronized Long getDurationMillis() {
        return durationMillis;
    }

    public synchronized String getDurationText() {
        return durationMillis == null ? null : Durations.text(durationMillis);
    }

    public synchronized List<Phase> getPhases() {
        return Collections.unmodifiableList(new ArrayList<>(phases));
    }

    public synchronized Map<String, String> getLoopOutcomes() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(loopOutcomes));
    }

    public synchronized List<RollbackNote> getRollbacks() {
        return Collections.unmodifiableList(new ArrayList<>(rollbacks));
    }

    public synchronized boolean isFinished() {
        return "SUCCEEDED".equals(state) || "FAILED".equals(state) || "ROLLED_BACK".equals(state);
    }

    /** A short word for the badge: succeeded, rolled back, failed, running. */
    public synchronized String getOutcome() {
        return switch (state) {
            case "SUCCEEDED" -> "succeeded";
            case "ROLLED_BACK" -> "rolled back";
            case "FAILED" -> "failed";
            default -> "running";
        };
    }

    synchronized void identify(String id, String version, String previousVersion, String strategy) {
        this.deploymentId = id;
        if (version != null) {
            this.version = version;
        }
        this.previousVersion = previousVersion;
        if (strategy != null) {
            this.strategy = strategy;
        }
    }

    synchronized void enterPhase(String name, long atMillis) {
        Phase current = phases.isEmpty() ? null : phases.get(phases.size() - 1);
        if (current != null && current.name.equals(name)) {
            return;
        }
        if (current != null && current.durationMillis < 0) {
            current.durationMillis = Math.max(0, atMillis - current.startedAtMillis);
        }
        phases.add(new Phase(name, atMillis));
    }

    synchronized void loopOutcome(String loop, String outcome) {
        loopOutcomes.put(loop, outcome);
    }

    synchronized void state(String state) {
        this.state = state;
    }

    synchronized void finish(String state, String reason, Long durationMillis, long atMillis) {
        this.state = state;
        this.reason = reason;
        this.durationMillis = durationMillis;
        if (!phases.isEmpty()) {
            Phase last = phases.get(phases.size() - 1);
            if (last.durationMillis < 0) {
                last.durationMillis = Math.max(0, atMillis - last.startedAtMillis);
            }
        }
    }

    public synchronized void addRollback(RollbackNote note) {
        rollbacks.add(note);
    }
}
