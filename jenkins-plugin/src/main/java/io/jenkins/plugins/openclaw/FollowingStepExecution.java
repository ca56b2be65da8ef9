package io.jenkins.plugins.openclaw;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.openclaw.core.DeploymentApi;
import io.jenkins.plugins.openclaw.core.DeploymentFollower;
import io.jenkins.plugins.openclaw.core.DeploymentRecord;
import io.jenkins.plugins.openclaw.core.DeploymentRecorder;
import io.jenkins.plugins.openclaw.core.DeploymentSession;
import io.jenkins.plugins.openclaw.core.EventLines;
import io.jenkins.plugins.openclaw.core.StepResults;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Shared execution of {@code openclawDeploy} and {@code openclawRollback}: asynchronous (no executor, no CPS VM
 * thread blocked) and restart-safe.
 *
 * <p>{@link #start()} only hands the work to a background thread and returns. The serialized fields are the step's
 * arguments, the deadline and {@link DeploymentSession.Progress}; after a controller restart {@link #onResume()}
 * starts a new background thread which re-attaches to the recorded deployment and continues the log after the last
 * event shown. {@link #stop(Throwable)} (build aborted) asks the agent to abort the deployment.
 */
abstract class FollowingStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(FollowingStepExecution.class.getName());

    final String agent;
    private final boolean propagate;
    private final long deadlineMillis;
    private final DeploymentSession.Progress progress = new DeploymentSession.Progress();
    /** Names this step's build action, so a resumed step updates the same one. */
    private final String actionKey = java.util.UUID.randomUUID().toString();
    private transient volatile Future<?> task;
    private transient volatile boolean stopping;

    FollowingStepExecution(StepContext context, String agent, boolean propagate, int timeoutMinutes) {
        super(context);
        this.agent = agent;
        this.propagate = propagate;
        this.deadlineMillis = System.currentTimeMillis() + timeoutMinutes * 60_000L;
    }

    /** Starts the deployment on the agent; runs on the background thread, at most once per step. */
    abstract Deployment begin(DeploymentApi api, Run<?, ?> run, TaskListener listener) throws Exception;

    abstract String kind();

    abstract String requestedVersion();

    abstract String requestedStrategy();

    @Override
    public boolean start() {
        task = BackgroundThreads.POOL.submit(this::runInBackground);
        return false;
    }

    @Override
    public void onResume() {
        task = BackgroundThreads.POOL.submit(this::runInBackground);
    }

    @Override
    public String getStatus() {
        String id = progress.deploymentId();
        return id == null
                ? "starting on agent " + agent
                : "following deployment " + id + " on agent " + agent + " (event " + progress.lastSeq() + ")";
    }

    private void runInBackground() {
        StepContext context = getContext();
        try {
            Run<?, ?> run = context.get(Run.class);
            TaskListener listener = context.get(TaskListener.class);
            OpenClawDeploymentAction action = OpenClawDeploymentAction.findOrAdd(
                    run, actionKey, agent, kind(), requestedVersion(), requestedStrategy());
            try (AgentClient client = AgentConnections.forRun(agent, run)) {
                DeploymentApi api = DeploymentApi.of(client);
                DeploymentSession session = new DeploymentSession(api, DeploymentFollower.standard(api));
                Deployment end = session.run(
                        a -> begin(a, run, listener),
                        progress,
                        Instant.ofEpochMilli(deadlineMillis),
                        new Host(context, listener, action));
                DeploymentRecorder.finished(action.record(), end);
                action.save();
                finish(context, listener, end);
            }
        } catch (DeploymentFollower.DeadlineExceededException e) {
            context.onFailure(new AbortException(e.getMessage()));
        } catch (Throwable e) {
            if (!stopping) {
                context.onFailure(e);
            }
        }
    }

    private void finish(StepContext context, TaskListener listener, Deployment end) {
        listener.getLogger().println(EventLines.PREFIX + kind() + " " + end.id() + " ended " + end.state()
                + (end.reason() == null ? "" : ": " + end.reason()));
        if (propagate && StepResults.isFailure(end)) {
            context.onFailure(new AbortException(StepResults.failureMessage(agent, end)));
        } else {
            context.onSuccess(StepResults.toMap(end));
        }
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        stopping = true;
        Future<?> t = task;
        if (t != null) {
            t.cancel(true);
        }
        String id = progress.deploymentId();
        if (id != null) {
            BackgroundThreads.POOL.submit(() -> abortOnAgent(id, cause));
        }
        getContext().onFailure(cause);
    }

    private void abortOnAgent(String id, Throwable cause) {
        try {
            Run<?, ?> run = getContext().get(Run.class);
            try (AgentClient client = AgentConnections.forRun(agent, run)) {
                client.abort(id, "Jenkins build " + run.getFullDisplayName() + " was aborted (" + cause + ")");
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "could not ask agent " + agent + " to abort deployment " + id, e);
        }
    }

    /** Log lines, the build action and checkpoints of the progress. */
    private static final class Host implements DeploymentSession.Host {
        private final StepContext context;
        private final TaskListener listener;
        private final OpenClawDeploymentAction action;

        Host(StepContext context, TaskListener listener, OpenClawDeploymentAction action) {
            this.context = context;
            this.listener = listener;
            this.action = action;
        }

        @Override
        public void log(String line) {
            listener.getLogger().println(line);
        }

        @Override
        public void accepted(Deployment deployment) {
            DeploymentRecorder.accepted(action.record(), deployment);
            action.save();
        }

        @Override
        public void event(DeploymentEvent event) {
            DeploymentRecord before = action.record();
            String state = before.getState();
            DeploymentRecorder.event(before, event);
            if (!state.equals(before.getState())) {
                action.save();
            }
        }

        @Override
        public void checkpoint() {
            context.saveState();
        }
    }
}
