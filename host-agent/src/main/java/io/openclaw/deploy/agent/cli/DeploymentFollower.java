package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentClientException;
import io.openclaw.deploy.protocol.AgentUnreachableException;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Follows a deployment's events until it has ended, resuming from the last event seen when the stream breaks (a few
 * times), and returns its final state.
 */
final class DeploymentFollower {
    private static final int MAX_RESUMES = 5;

    private DeploymentFollower() {}

    static Deployment follow(AgentClient client, String deploymentId, long afterSeq, Consumer<DeploymentEvent> sink)
            throws AgentClientException {
        AtomicLong last = new AtomicLong(afterSeq);
        int resumes = 0;
        while (true) {
            try {
                client.followEvents(deploymentId, last.get(), e -> {
                    sink.accept(e);
                    last.set(e.seq());
                });
            } catch (AgentUnreachableException broken) {
                if (++resumes > MAX_RESUMES) {
                    throw broken;
                }
                continue;
            }
            Deployment now = client.deployment(deploymentId);
            if (now.isFinished()) {
                return now;
            }
            if (++resumes > MAX_RESUMES) {
                throw new AgentClientException(
                        "the event stream of " + deploymentId + " ended while it is still " + now.state());
            }
        }
    }
}
