package io.jenkins.plugins.openclaw.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a build remembers about one deployment it made: shown in the badge, the build summary and the job view, and
 * used by the Roll back button. Jenkins persists it with the build through XStream, which reads the fields directly
 * and without this object's lock while the follower thread updates it; so every field holds an immutable value or a
 * collection that is never changed once published (each update swaps in a new copy), and XStream always sees a
 * consistent snapshot.
 */
public final class BuildDeploymentRecord {
    /** States that end a record: the agent's terminal states, and ABORTED for a build that was stopped. */
    public static final String ABORTED = "ABORTED";

    /** One phase with its timing. Immutable: ending it replaces it. */
    public static final class Phase {
        private final String name;
        private final long startedAtMillis;
        private final long durationMillis;

        public Phase(String name, long startedAtMillis) {
            this(name, startedAtMillis, -1);
        }

        private Phase(String name, long startedAtMillis, long durationMillis) {
            this.name = name;
            this.startedAtMillis = startedAtMillis;
            this.durationMillis = durationMillis;
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

        Phase endedAt(long atMillis) {
            return durationMillis >= 0 ? this : new Phase(name, startedAtMillis, Math.max(0, atMillis - startedAtMillis));
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

    /** One item of the agent's verification report (spec 10.2), as the build keeps it. Immutable. */
    public static final class VerificationCheck {
        private final String check;
        private final String title;
        private final String verdict;
        private final String measured;
        private final String threshold;
        private final ArrayList<String> details;

        public VerificationCheck(String check, String title, String verdict, String measured, String threshold,
                List<String> details) {
            this.check = check;
            this.title = title;
            this.verdict = verdict;
            this.measured = measured;
            this.threshold = threshold;
            this.details = new ArrayList<>(details);
        }

        public String getCheck() {
            return check;
        }

        public String getTitle() {
            return title;
        }

        /** {@code PASS}, {@code WARN} or {@code FAIL}. */
        public String getVerdict() {
            return verdict;
        }

        public String getMeasured() {
            return measured;
        }

        public String getThreshold() {
            return threshold;
        }

        public List<String> getDetails() {
            return details == null ? List.of() : Collections.unmodifiableList(details);
        }

        /** The checklist's mark: passed, failed, or outside its threshold but set to warn only. */
        public String getMark() {
            return switch (verdict == null ? "" : verdict) {
                case "PASS" -> "\u2714";
                case "FAIL" -> "\u2718";
                default -> "!";
            };
        }
    }

    private final String agent;
    private final String kind;
    private volatile String deploymentId;
    private volatile String version;
    private volatile String previousVersion;
    private volatile String strategy;
    private volatile String state = "PENDING";
    private volatile String reason;
    private volatile Long durationMillis;
    /** The agent's routing switch (blue-green, rolling, a rollback), from its traffic-switched event. */
    private volatile Long switchMicros;
    /** How fast a failed canary or release flag lost its traffic when the agent rolled it back. */
    private volatile Long trafficOffMicros;
    private volatile ArrayList<Phase> phases = new ArrayList<>();
    private volatile LinkedHashMap<String, String> loopOutcomes = new LinkedHashMap<>();
    private volatile ArrayList<RollbackNote> rollbacks = new ArrayList<>();
    /** The agent's verification report of this deployment, null until it has one. */
    private volatile Boolean verificationPassed;
    private volatile ArrayList<VerificationCheck> verification = new ArrayList<>();

    public BuildDeploymentRecord(String agent, String kind, String version, String strategy) {
        this.agent = agent;
        this.kind = kind;
        this.version = version;
        this.strategy = strategy;
    }

    /** Records saved before a field existed load it as null. */
    @SuppressWarnings("UnusedMethod") // XStream calls it on load
    private Object readResolve() {
        if (phases == null) {
            phases = new ArrayList<>();
        }
        if (loopOutcomes == null) {
            loopOutcomes = new LinkedHashMap<>();
        }
        if (rollbacks == null) {
            rollbacks = new ArrayList<>();
        }
        if (verification == null) {
            verification = new ArrayList<>();
        }
        return this;
    }

    public String getAgent() {
        return agent;
    }

    public String getKind() {
        return kind;
    }

    public String getDeploymentId() {
        return deploymentId;
    }

    public String getVersion() {
        return version;
    }

    public String getPreviousVersion() {
        return previousVersion;
    }

    public String getStrategy() {
        return strategy;
    }

    public String getState() {
        return state;
    }

    public String getReason() {
        return reason;
    }

    public Long getDurationMillis() {
        return durationMillis;
    }

    public String getDurationText() {
        Long d = durationMillis;
        return d == null ? null : Durations.text(d);
    }

    public Long getSwitchMicros() {
        return switchMicros;
    }

    public String getSwitchText() {
        Long m = switchMicros;
        return m == null ? null : Durations.ofMicros(m);
    }

    public Long getTrafficOffMicros() {
        return trafficOffMicros;
    }

    public String getTrafficOffText() {
        Long m = trafficOffMicros;
        return m == null ? null : Durations.ofMicros(m);
    }

    public List<Phase> getPhases() {
        return Collections.unmodifiableList(phases);
    }

    public Map<String, String> getLoopOutcomes() {
        return Collections.unmodifiableMap(loopOutcomes);
    }

    public List<RollbackNote> getRollbacks() {
        return Collections.unmodifiableList(rollbacks);
    }

    /** Whether the agent's verification passed; null when the deployment has no report (yet). */
    public Boolean getVerificationPassed() {
        return verificationPassed;
    }

    /** {@code passed}, {@code FAILED}, or null without a report. */
    public String getVerificationText() {
        Boolean passed = verificationPassed;
        return passed == null ? null : passed ? "passed" : "FAILED";
    }

    public List<VerificationCheck> getVerification() {
        return Collections.unmodifiableList(verification);
    }

    public boolean isFinished() {
        return isTerminal(state);
    }

    static boolean isTerminal(String state) {
        return "SUCCEEDED".equals(state) || "FAILED".equals(state) || "ROLLED_BACK".equals(state)
                || ABORTED.equals(state);
    }

    /** A short word for the badge: succeeded, rolled back, failed, aborted, running. */
    public String getOutcome() {
        return switch (state) {
            case "SUCCEEDED" -> "succeeded";
            case "ROLLED_BACK" -> "rolled back";
            case "FAILED" -> "failed";
            case ABORTED -> "aborted";
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
        ArrayList<Phase> next = new ArrayList<>(phases);
        Phase current = next.isEmpty() ? null : next.get(next.size() - 1);
        if (current != null && current.name.equals(name)) {
            return;
        }
        if (current != null) {
            next.set(next.size() - 1, current.endedAt(atMillis));
        }
        next.add(new Phase(name, atMillis));
        phases = next;
    }

    synchronized void switched(long micros) {
        switchMicros = micros;
    }

    synchronized void trafficOff(long micros) {
        trafficOffMicros = micros;
    }

    synchronized void loopOutcome(String loop, String outcome) {
        LinkedHashMap<String, String> next = new LinkedHashMap<>(loopOutcomes);
        next.put(loop, outcome);
        loopOutcomes = next;
    }

    synchronized void verified(boolean passed, List<VerificationCheck> checks) {
        verification = new ArrayList<>(checks);
        verificationPassed = passed;
    }

    synchronized void state(String state) {
        this.state = state;
    }

    synchronized void finish(String state, String reason, Long durationMillis, long atMillis) {
        this.reason = reason;
        this.durationMillis = durationMillis;
        if (!phases.isEmpty()) {
            ArrayList<Phase> next = new ArrayList<>(phases);
            next.set(next.size() - 1, next.get(next.size() - 1).endedAt(atMillis));
            phases = next;
        }
        this.state = state;
    }

    /**
     * Ends a record that the agent did not end: the build was aborted, or the step failed before or while following
     * (agent unreachable, token refused, deadline). A record that has already ended keeps its outcome.
     *
     * @return whether the record changed
     */
    public synchronized boolean endLocally(String state, String reason, long atMillis) {
        if (isFinished()) {
            return false;
        }
        finish(state, reason, null, atMillis);
        return true;
    }

    public synchronized void addRollback(RollbackNote note) {
        ArrayList<RollbackNote> next = new ArrayList<>(rollbacks);
        next.add(note);
        rollbacks = next;
    }
}
