package io.openclaw.deploy.protocol;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one way a client follows a deployment's events to its end (the CLI's {@code --wait} and {@code events}, the
 * Jenkins steps): from a position (the sequence number of the last event already handed on), resuming after a broken
 * stream or an unreachable agent without an event twice or one lost.
 *
 * <p>A failure is retried after a pause that doubles from {@link #FIRST_RETRY} up to {@link #MAX_RETRY}, reset by
 * every stream that was read to its end; the follow gives up at the deadline, or once the agent has failed for
 * longer than the allowed outage. An answer that the deployment does not exist (a problem) ends it at once.
 */
public final class ResumingFollower {
    public static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    public static final Duration MAX_RETRY = Duration.ofSeconds(30);

    /** What the follower reads: {@link AgentClient} in production. */
    public interface Source {
        Deployment deployment(String id) throws AgentClientException;

        long followEvents(String id, long afterSeq, Consumer<DeploymentEvent> sink) throws AgentClientException;

        static Source of(AgentClient client) {
            return new Source() {
                @Override
                public Deployment deployment(String id) throws AgentClientException {
                    return client.deployment(id);
                }

                @Override
                public long followEvents(String id, long afterSeq, Consumer<DeploymentEvent> sink)
                        throws AgentClientException {
                    return client.followEvents(id, afterSeq, sink);
                }
            };
        }
    }

    /** Where events and retries go. */
    public interface Listener {
        void onEvent(DeploymentEvent event) throws InterruptedException;

        /** A failure that will be retried after {@code pause}. */
        default void onRetry(AgentClientException failure, Duration pause) {}
    }

    /** How the follower waits between retries; {@link Thread#sleep} in production, so an interrupt cancels it. */
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

    private final Source source;
    private final Clock clock;
    private final Pause pause;

    public ResumingFollower(Source source, Clock clock, Pause pause) {
        this.source = Objects.requireNonNull(source);
        this.clock = Objects.requireNonNull(clock);
        this.pause = Objects.requireNonNull(pause);
    }

    public static ResumingFollower standard(Source source) {
        return new ResumingFollower(source, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    /**
     * Follows until the deployment has ended or {@code deadline}, however long the agent is unreachable meanwhile.
     *
     * @see #followToEnd(String, long, Instant, Duration, Listener)
     */
    public Deployment followToEnd(String deploymentId, long afterSeq, Instant deadline, Listener listener)
            throws AgentClientException, DeadlineExceededException, InterruptedException {
        return followToEnd(deploymentId, afterSeq, deadline, null, listener);
    }

    /**
     * @param afterSeq  the last event already shown (0 for none)
     * @param deadline  when to give up waiting for the end
     * @param maxOutage how long failures in a row may last before giving up with the last one (null: until the
     *                  deadline)
     * @return the deployment in its terminal state
     * @throws AgentProblemException      the agent refused (for example the deployment is unknown)
     * @throws AgentClientException       the agent failed for longer than {@code maxOutage}
     * @throws DeadlineExceededException  the deployment was still running at the deadline
     * @throws InterruptedException       the follow was stopped
     */
    public Deployment followToEnd(String deploymentId, long afterSeq, Instant deadline, Duration maxOutage,
            Listener listener) throws AgentClientException, DeadlineExceededException, InterruptedException {
        long[] position = {afterSeq};
        Duration retry = FIRST_RETRY;
        Instant failingSince = null;
        while (true) {
            checkDeadline(deploymentId, deadline);
            long before = position[0];
            try {
                source.followEvents(deploymentId, position[0], event -> deliver(event, position, listener));
                Deployment d = source.deployment(deploymentId);
                // Finished and nothing left to show (or the agent has no more to give): done.
                if (d.isFinished() && (d.lastEventSeq() <= position[0] || position[0] == before)) {
                    return d;
                }
                // The stream ended early (agent restart, proxy timeout) or events are still to come: go on.
                retry = FIRST_RETRY;
                failingSince = null;
            } catch (AgentProblemException e) {
                throw e;
            } catch (AgentClientException e) {
                if (Thread.interrupted()) {
                    // Stopped while the client waited: not a lost stream, nothing to retry.
                    throw new InterruptedException("stopped while following deployment " + deploymentId);
                }
                Instant now = clock.instant();
                failingSince = failingSince == null ? now : failingSince;
                if (maxOutage != null && Duration.between(failingSince, now).compareTo(maxOutage) >= 0) {
                    throw e;
                }
                Duration wait = min(retry, Duration.between(now, deadline));
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
