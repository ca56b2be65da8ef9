package io.jenkins.plugins.openclaw;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.openclaw.core.DeploymentApi;
import io.jenkins.plugins.openclaw.core.BuildDeploymentRecord;
import io.jenkins.plugins.openclaw.core.DeploymentRecorder;
import io.jenkins.plugins.openclaw.core.DeploymentSession;
import io.jenkins.plugins.openclaw.core.BuildLogLines;
import io.jenkins.plugins.openclaw.core.StepResults;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentClientException;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.ResumingFollower;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
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
 *
 * <p>The build action (badge, summary, Roll back button) is added only once the agent has accepted a deployment, so
 * a step that fails its checks (unknown agent, missing credential or artifact, agent unreachable) leaves no badge;
 * every way a followed deployment can end without the agent's final answer (failure, deadline, abort) ends the
 * record too, so no badge stays "running".
 */
abstract class FollowingStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(FollowingStepExecution.class.getName());

    final String agent;
    private final boolean propagate;
    private final long deadlineMillis;
    private final DeploymentSession.Progress progress = new DeploymentSession.Progress();
    /** Names this step's build action, so a resumed step updates the same one. */
    private final String actionKey = UUID.randomUUID().toString();
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
        task = BackgroundThreads.submit(this::runInBackground);
        return false;
    }

    @Override
    public void onResume() {
        task = BackgroundThreads.submit(this::runInBackground);
    }

    /**
     * Until the agent has accepted the deployment a restart would lose the upload in flight and, worse, could not
     * tell whether the agent started it; afterwards the step resumes from its recorded id.
     */
    @Override
    public boolean blocksRestart() {
        Future<?> t = task;
        return progress.deploymentId() == null && t != null && !t.isDone();
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
        Host host = null;
        try {
            Run<?, ?> run = context.get(Run.class);
            TaskListener listener = context.get(TaskListener.class);
            host = new Host(this, context, run, listener);
            try (AgentClient client = AgentConnections.forRun(agent, run)) {
                DeploymentApi api = DeploymentApi.of(client);
                DeploymentSession session = new DeploymentSession(api, ResumingFollower.standard(api));
                Deployment end = session.run(
                        a -> begin(a, run, listener), progress, Instant.ofEpochMilli(deadlineMillis), host);
                host.finished(end);
                finish(context, listener, end);
            }
        } catch (InterruptedException e) {
            if (!stopping && !BackgroundThreads.terminating()) {
                endRecord(host, BuildDeploymentRecord.ABORTED, "interrupted");
                context.onFailure(e);
            }
            // Stopping: stop() reports the outcome. Terminating: the step resumes after the restart.
        } catch (ResumingFollower.DeadlineExceededException e) {
            endRecord(host, "FAILED", e.getMessage());
            context.onFailure(new AbortException(e.getMessage()));
        } catch (AgentClientException e) {
            if (!stopping && !BackgroundThreads.terminating()) {
                endRecord(host, "FAILED", e.getMessage());
                context.onFailure(AgentFailures.oneLine(agent, e));
            }
        } catch (Throwable e) {
            if (!stopping && !BackgroundThreads.terminating()) {
                endRecord(host, "FAILED", String.valueOf(e.getMessage()));
                context.onFailure(e);
            }
        }
    }

    private static void endRecord(@CheckForNull Host host, String state, String reason) {
        if (host != null) {
            host.endLocally(state, reason);
        }
    }

    private void finish(StepContext context, TaskListener listener, Deployment end) {
        listener.getLogger().println(BuildLogLines.PREFIX + kind() + " " + end.id() + " ended " + end.state()
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
            Run<?, ?> run = getContext().get(Run.class);
            OpenClawDeploymentAction action = OpenClawDeploymentAction.find(run, actionKey);
            if (action != null && action.record().endLocally(
                    BuildDeploymentRecord.ABORTED, "build aborted: " + cause, System.currentTimeMillis())) {
                action.save();
            }
            BackgroundThreads.submit(() -> abortOnAgent(run, id, cause));
        }
        getContext().onFailure(cause);
    }

    private void abortOnAgent(Run<?, ?> run, String id, Throwable cause) {
        try (AgentClient client = AgentConnections.forRun(agent, run)) {
            client.abort(id, "Jenkins build " + run.getFullDisplayName() + " was aborted (" + cause + ")");
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "could not ask agent " + agent + " to abort deployment " + id, e);
        }
    }

    /** Log lines, the build action and checkpoints of the progress. */
    private static final class Host implements DeploymentSession.Host {
        private final FollowingStepExecution step;
        private final StepContext context;
        private final Run<?, ?> run;
        private final TaskListener listener;
        private volatile OpenClawDeploymentAction action;

        Host(FollowingStepExecution step, StepContext context, Run<?, ?> run, TaskListener listener)
                throws IOException {
            this.step = step;
            this.context = context;
            this.run = run;
            this.listener = listener;
            // A resumed step finds the action it created before the restart.
            this.action = OpenClawDeploymentAction.find(run, step.actionKey);
        }

        @Override
        public void log(String line) {
            listener.getLogger().println(line);
        }

        @Override
        public void accepted(Deployment deployment) {
            try {
                action = OpenClawDeploymentAction.findOrAdd(run, step.actionKey, step.agent, step.kind(),
                        step.requestedVersion(), step.requestedStrategy());
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "could not add the OpenClaw deployment record to " + run, e);
                return;
            }
            DeploymentRecorder.accepted(action.record(), deployment);
            action.save();
        }

        @Override
        public void event(DeploymentEvent event) {
            OpenClawDeploymentAction a = action;
            if (a == null) {
                return;
            }
            BuildDeploymentRecord record = a.record();
            String state = record.getState();
            DeploymentRecorder.event(record, event);
            if (!state.equals(record.getState())) {
                a.save();
            }
        }

        @Override
        public void checkpoint() {
            context.saveState();
        }

        void finished(Deployment end) {
            OpenClawDeploymentAction a = action;
            if (a != null) {
                DeploymentRecorder.finished(a.record(), end);
                a.save();
            }
        }

        void endLocally(String state, String reason) {
            OpenClawDeploymentAction a = action;
            if (a != null && a.record().endLocally(state, reason, System.currentTimeMillis())) {
                a.save();
            }
        }
    }
}
