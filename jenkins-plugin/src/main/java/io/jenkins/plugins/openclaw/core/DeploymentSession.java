package io.jenkins.plugins.openclaw.core;

import io.openclaw.deploy.protocol.AgentClientException;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.ResumingFollower;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The restart-safe body of {@code openclawDeploy} and {@code openclawRollback}, free of Jenkins types.
 *
 * <p>{@link Progress} is the only state that must survive a controller restart: the deployment's id once the agent
 * accepted it, and the last event shown. A run that starts with an empty progress starts the deployment (through the
 * {@link Starter}); a run that starts with a recorded id re-attaches to that deployment and never starts another.
 *
 * <p>The progress is checkpointed when the deployment is accepted and then at most once per {@link
 * #CHECKPOINT_INTERVAL} while events arrive: a checkpoint rewrites the Pipeline's program on its VM thread, and a
 * deployment of fifteen loops sends hundreds of events. After a controller crash the log may therefore repeat the
 * events of the last interval before it; it never loses one, and never starts the deployment twice.
 */
public final class DeploymentSession {
    /** Persisted with the step execution. */
    public static final class Progress implements Serializable {
        private static final long serialVersionUID = 1L;
        private String deploymentId;
        private long lastSeq;

        public synchronized String deploymentId() {
            return deploymentId;
        }

        public synchronized long lastSeq() {
            return lastSeq;
        }

        synchronized void accepted(String id) {
            this.deploymentId = id;
        }

        synchronized void shown(long seq) {
            this.lastSeq = Math.max(lastSeq, seq);
        }
    }

    /** Asks the agent to begin (deploy or roll back). Called at most once per recorded progress. */
    @FunctionalInterface
    public interface Starter {
        Deployment start(DeploymentApi api) throws Exception;
    }

    /** What the caller does with what happens; {@code checkpoint} persists the progress. */
    public interface Host {
        void log(String line);

        void accepted(Deployment deployment);

        void event(DeploymentEvent event);

        void checkpoint();
    }

    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    private final DeploymentApi api;
    private final ResumingFollower follower;
    private final Clock clock;

    public DeploymentSession(DeploymentApi api, ResumingFollower follower) {
        this(api, follower, Clock.systemUTC());
    }

    public DeploymentSession(DeploymentApi api, ResumingFollower follower, Clock clock) {
        this.api = api;
        this.follower = follower;
        this.clock = clock;
    }

    /** @return the deployment in its terminal state */
    public Deployment run(Starter starter, Progress progress, Instant deadline, Host host) throws Exception {
        String id = progress.deploymentId();
        if (id == null) {
            Deployment d = starter.start(api);
            progress.accepted(d.id());
            host.accepted(d);
            host.checkpoint();
            id = d.id();
        } else {
            host.log(BuildLogLines.PREFIX + "re-attached to deployment " + id + " after event " + progress.lastSeq());
        }
        Instant[] lastCheckpoint = {clock.instant()};
        return follower.followToEnd(id, progress.lastSeq(), deadline, new ResumingFollower.Listener() {
            @Override
            public void onEvent(DeploymentEvent event) {
                host.log(BuildLogLines.render(event));
                host.event(event);
                progress.shown(event.seq());
                Instant now = clock.instant();
                if (!now.isBefore(lastCheckpoint[0].plus(CHECKPOINT_INTERVAL))) {
                    lastCheckpoint[0] = now;
                    host.checkpoint();
                }
            }

            @Override
            public void onRetry(AgentClientException failure, Duration pause) {
                host.log(BuildLogLines.PREFIX + "lost the agent's event stream (" + failure.getMessage()
                        + "); retrying in " + Durations.text(pause.toMillis()));
            }
        });
    }
}
