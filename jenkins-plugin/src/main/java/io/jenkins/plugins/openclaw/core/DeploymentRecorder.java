package io.jenkins.plugins.openclaw.core;

import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.EventTypes;
import java.time.Instant;

/**
 * Folds a deployment and its events into a {@link DeploymentRecord}: phases (state changes and canary steps) with
 * their timings and each loop's latest outcome.
 */
public final class DeploymentRecorder {
    private DeploymentRecorder() {}

    public static void accepted(DeploymentRecord record, Deployment d) {
        record.identify(d.id(), d.version(), d.previousVersion(), d.strategy());
        if (d.state() != null) {
            record.state(d.state().name());
            record.enterPhase(d.state().name(), millis(d.createdAt()));
        }
    }

    public static void event(DeploymentRecord record, DeploymentEvent e) {
        long at = millis(e.time());
        if (e.state() != null) {
            record.state(e.state().name());
            if (!e.state().isTerminal()) {
                record.enterPhase(e.state().name(), at);
            }
        }
        if (EventTypes.WEIGHTS_CHANGED.equals(e.type()) && e.data().containsKey("weight")) {
            record.enterPhase("canary " + e.data().get("weight") + "%", at);
        }
        Object loop = e.data().get("loop");
        if (loop != null) {
            String outcome = outcome(e);
            if (outcome != null) {
                record.loopOutcome(loop.toString(), outcome);
            }
        }
    }

    public static void finished(DeploymentRecord record, Deployment d) {
        record.identify(d.id(), d.version(), d.previousVersion(), d.strategy());
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
