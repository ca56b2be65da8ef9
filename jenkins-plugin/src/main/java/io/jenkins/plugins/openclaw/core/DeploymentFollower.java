package io.jenkins.plugins.openclaw.core;

import io.openclaw.deploy.protocol.AgentClientException;
import io.openclaw.deploy.protocol.AgentProblemException;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Follows one deployment's events to its end, surviving dropped connections and controller restarts.
 *
 * <p>The position is the sequence number of the last event handed to the {@link Listener}; the caller persists it
 * (on every {@link Listener#onEvent}) and passes it back as {@code afterSeq} after a restart, so the build log
 * continues exactly where it stopped — no event twice, none lost. A broken stream or an unreachable agent is retried
 * with a growing pause until the deadline; an answer that the deployment does not exist ends the follow at once.
 */
public final class DeploymentFollower {
    /** Where events and progress go. */
    public interface Listener {
        void onEvent(DeploymentEvent event) throws InterruptedException;

        /** A transient failure that will be retried after {@code pause}. */
        void onRetry(AgentClientException failure, Duration pause);
    }

    /** How the follower waits between retries; {@link Thread#sleep} in production, so interrupts cancel it. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    /** The deadline passed before the deployment ended. */
    public static final class DeadlineExceededException extends Exception {
        private static final long serialVersionUID = 1L;

        public DeadlineExceededException(String message) {
            super(message);
        }
    }

    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final DeploymentApi api;
    private final Clock clock;
    private final Pause pause;

    public DeploymentFollower(DeploymentApi api, Clock clock, Pause pause) {
        this.api = Objects.requireNonNull(api);
        this.clock = Objects.requireNonNull(clock);
        this.pause = Objects.requireNonNull(pause);
    }

    public static DeploymentFollower standard(DeploymentApi api) {
        return new DeploymentFollower(api, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    /**
     * @param afterSeq the last event already shown (0 for none)
     * @param deadline when to give up waiting
     * @return the deployment in its terminal state
     * @throws AgentProblemException      the agent refused (for example the deployment is unknown)
     * @throws DeadlineExceededException  the deployment was still running at the deadline
     * @throws InterruptedException       the step was stopped
     */
    public Deployment followToEnd(String deploymentId, long afterSeq, Instant deadline, Listener listener)
            throws AgentProblemException, DeadlineExceededException, InterruptedException {
        long[] position = {afterSeq};
        Duration retry = FIRST_RETRY;
        while (true) {
            checkDeadline(deploymentId, deadline);
            long before = position[0];
            try {
                api.followEvents(deploymentId, position[0], event -> deliver(event, position, listener));
                Deployment d = api.deployment(deploymentId);
                // Finished and nothing left to show (or the agent has no more to give): done.
                if (d.isFinished() && (d.lastEventSeq() <= position[0] || position[0] == before)) {
                    return d;
                }
                // The stream ended early (agent restart, proxy timeout) or events are still to come: go on.
                retry = FIRST_RETRY;
            } catch (AgentProblemException e) {
                throw e;
            } catch (AgentClientException e) {
                if (Thread.interrupted()) {
                    // The step was stopped while the client waited: not a lost stream, nothing to retry.
                    throw new InterruptedException("stopped while following deployment " + deploymentId);
                }
                Duration wait = min(retry, Duration.between(clock.instant(), deadline));
                if (wait.isNegative() || wait.isZero()) {
                    checkDeadline(deploymentId, deadline);
                    continue;
                }
                listener.onRetry(e, wait);
                pause.pause(wait);
                retry = min(retry.multipliedBy(2), MAX_RETRY);
            } catch (InterruptedDelivery e) {
                throw e.cause;
            }
        }
    }

    private static void deliver(DeploymentEvent event, long[] position, Listener listener) {
        if (event.seq() <= position[0]) {
            return; // already shown before a reconnect
        }
        try {
            listener.onEvent(event);
        } catch (InterruptedException e) {
            throw new InterruptedDelivery(e);
        }
        position[0] = event.seq();
    }

    private void checkDeadline(String id, Instant deadline) throws DeadlineExceededException {
        if (!clock.instant().isBefore(deadline)) {
            throw new DeadlineExceededException("deployment " + id + " had not finished by " + deadline);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Carries an interrupt out of the event callback, which cannot throw checked exceptions. */
    private static final class InterruptedDelivery extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient InterruptedException cause;

        InterruptedDelivery(InterruptedException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
