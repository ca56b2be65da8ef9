package io.openclaw.deploy.protocol;

import java.time.Instant;
import java.util.Map;

/**
 * A numbered, timestamped, human-readable step of a deployment. Streams of events are resumable by {@code seq}.
 *
 * @param seq          1-based, gapless within one deployment
 * @param time         when it happened
 * @param deploymentId the deployment it belongs to
 * @param type         machine-readable kind, see {@link EventTypes}
 * @param state        the deployment's state after this event
 * @param message      one line for a person
 * @param data         measured figures and other details (loop, slot, timings...), never secrets
 */
public record DeploymentEvent(
        long seq,
        Instant time,
        String deploymentId,
        String type,
        DeploymentState state,
        String message,
        Map<String, Object> data) {

    public DeploymentEvent {
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
