package io.openclaw.deploy.agent.api;

import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;

/** Receives a deployment's events in order. Called on agent threads: return quickly, never block. */
public interface EventSink {
    void onEvent(DeploymentEvent event);

    /** The deployment has ended; no event follows. */
    void onEnd(Deployment finished);
}
