package io.openclaw.deploy.agent.rollout;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.rollout.DeploymentCoordinator.ControlAction;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a person asks of the running deployment: pause holds the current canary phase (analysis goes on), resume lets
 * it continue, promote skips the remaining phases and their analysis, abort rolls back. Each is recorded as an event
 * naming who asked.
 */
final class ManualControl {
    private final DeploymentHistory history;

    ManualControl(DeploymentHistory history) {
        this.history = history;
    }

    /** @throws OperationException not-found for an unknown id, 409 when that deployment is not running */
    Deployment apply(String id, ControlAction action, String requestedBy, String reason) {
        // Under the history's lock, so the deployment cannot end between the check and the request.
        synchronized (history) {
            DeploymentLog log = history.find(id);
            DeploymentHistory.Running running = history.running();
            String verb = action.name().toLowerCase(Locale.ROOT);
            if (running == null || running.log() != log || running.control() == null) {
                throw new OperationException(ProblemTypes.BAD_REQUEST, 409, "deployment " + id + " is "
                        + log.view().state() + ", not running: nothing to " + verb, id, null);
            }
            RolloutControl control = running.control();
            String who = requestedBy == null ? "unknown" : requestedBy;
            String words = reason == null || reason.isBlank() ? null : reason.trim();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("action", verb);
            data.put("by", who);
            if (words != null) {
                data.put("reason", words);
            }
            switch (action) {
                case PAUSE -> {
                    control.pause();
                    log.pause("paused by " + who + (words == null ? "" : ": " + words), Map.of());
                }
                case RESUME -> {
                    control.resume();
                    log.state(DeploymentState.PROGRESSING, "resumed by " + who);
                }
                case PROMOTE -> {
                    control.promote(who);
                    log.info(EventTypes.CONTROL, "promotion to 100% requested by " + who, data);
                }
                case ABORT -> {
                    control.abort(who, words);
                    log.info(EventTypes.CONTROL, "abort requested by " + who + (words == null ? "" : ": " + words), data);
                }
            }
            return log.view();
        }
    }
}
