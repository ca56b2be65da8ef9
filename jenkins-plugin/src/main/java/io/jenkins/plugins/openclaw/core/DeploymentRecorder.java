package io.jenkins.plugins.openclaw.core;

import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.VerificationReport;
import java.time.Instant;
import java.util.Map;

/**
 * Folds a deployment and its events into a {@link BuildDeploymentRecord}: phases (state changes and canary steps) with
 * their timings and each loop's latest outcome.
 */
public final class DeploymentRecorder {
    private DeploymentRecorder() {}

    public static void accepted(BuildDeploymentRecord record, Deployment d) {
        record.identify(d.id(), d.version(), d.previousVersion(), d.strategy());
        // Only the state: the phases come from the events, which start again from the first (accepted) one.
        if (d.state() != null) {
            record.state(d.state().name());
        }
    }

    public static void event(BuildDeploymentRecord record, DeploymentEvent e) {
        long at = millis(e.time());
        if (e.state() != null) {
            record.state(e.state().name());
            if (!e.state().isTerminal()) {
                // A state entered twice for different steps (VERIFYING: health checks, then the checklist) says which.
                record.enterPhase(e.data().get("step") instanceof String step
                        ? e.state().name() + " (" + step + ")" : e.state().name(), at);
            }
        }
        if (EventTypes.WEIGHTS_CHANGED.equals(e.type())) {
            String step = stepOf(e.data());
            if (step != null) {
                record.enterPhase(step, at);
            }
        }
        if (e.data().get("switchMicros") instanceof Number micros) {
            record.switched(micros.longValue());
        }
        for (String key : new String[] {"canaryOffMicros", "flagOffMicros"}) {
            if (e.data().get(key) instanceof Number micros) {
                record.trafficOff(micros.longValue());
            }
        }
        Object loop = e.data().get("loop");
        if (loop != null) {
            String outcome = outcome(e);
            if (outcome != null) {
                record.loopOutcome(loop.toString(), outcome);
            }
        }
    }

    /**
     * The step a {@code weights-changed} event starts, in the agent's data shapes (docs/deployments.md): a release
     * flag's percentage, a canary's percentage, or a rolling batch done; null for a shape it does not know.
     */
    static String stepOf(Map<String, Object> data) {
        Object percent = data.get("percentage");
        Object flag = data.get("flag");
        if (flag != null && percent != null) {
            return "release flag " + flag + " " + percent + "%";
        }
        if (percent != null) {
            return "canary " + percent + "%";
        }
        Object loop = data.get("loop");
        Object batch = data.get("batch");
        if (loop != null && batch != null) {
            return loop + " batch " + batch + " updated";
        }
        return null;
    }

    public static void finished(BuildDeploymentRecord record, Deployment d) {
        record.identify(d.id(), d.version(), d.previousVersion(), d.strategy());
        VerificationReport report = d.verification();
        if (report != null) {
            record.verified(report.passed(), report.items().stream()
                    .map(i -> new BuildDeploymentRecord.VerificationCheck(i.check(), i.title(),
                            i.verdict() == null ? null : i.verdict().name(), i.measured(), i.threshold(), i.details()))
                    .toList());
        }
        record.finish(d.state().name(), d.reason(), d.durationMillis(), millis(d.updatedAt()));
    }

    private static String outcome(DeploymentEvent e) {
        if (e.type() == null) {
            return null;
        }
        return switch (e.type()) {
            case EventTypes.INSTANCE_STARTED -> "started";
            case EventTypes.INSTANCE_HEALTHY -> "healthy";
            case EventTypes.INSTANCE_UNHEALTHY -> "unhealthy";
            case EventTypes.TRAFFIC_SWITCHED -> "switched";
            case EventTypes.ROLLBACK_STARTED -> "rolling back";
            case EventTypes.INSTANCE_STOPPED -> "stopped";
            default -> null;
        };
    }

    private static long millis(Instant t) {
        return t == null ? System.currentTimeMillis() : t.toEpochMilli();
    }
}
