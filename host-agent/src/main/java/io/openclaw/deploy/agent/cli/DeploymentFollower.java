package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentClientException;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.ResumingFollower;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Follows a deployment's events until it has ended with the protocol's {@link ResumingFollower} (the policy the
 * Jenkins plugin uses too): a broken stream is resumed from the last event seen after a pause growing from 1 s to
 * 30 s; the CLI gives up once the agent has failed for {@link #MAX_OUTAGE} in a row.
 */
final class DeploymentFollower {
    static final Duration MAX_OUTAGE = Duration.ofMinutes(2);

    private DeploymentFollower() {}

    static Deployment follow(AgentClient client, String deploymentId, long afterSeq, Consumer<DeploymentEvent> sink)
            throws AgentClientException {
        try {
            return ResumingFollower.standard(ResumingFollower.Source.of(client))
                    .followToEnd(deploymentId, afterSeq, Instant.MAX, MAX_OUTAGE, sink::accept);
        } catch (ResumingFollower.DeadlineExceededException e) {
            throw new AgentClientException(e.getMessage()); // no deadline is given: cannot happen
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentClientException("interrupted while following deployment " + deploymentId);
        }
    }
}
