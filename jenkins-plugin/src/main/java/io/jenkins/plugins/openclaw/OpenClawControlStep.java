package io.jenkins.plugins.openclaw;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.openclaw.core.DeployArguments;
import io.jenkins.plugins.openclaw.core.ControlAction;
import io.jenkins.plugins.openclaw.core.DeploymentApi;
import io.jenkins.plugins.openclaw.core.BuildLogLines;
import io.jenkins.plugins.openclaw.core.Names;
import io.jenkins.plugins.openclaw.core.StepResults;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentClientException;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.Deployment;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code openclawControl(agent: 'win-prod-01', action: 'promote')} — also {@code pause}, {@code resume} and
 * {@code abort} (with {@code reason}) — acts on the agent's running deployment, or on {@code deploymentId}.
 * Typically used in a {@code parallel} branch next to {@code openclawDeploy}, after an {@code input}.
 */
public final class OpenClawControlStep extends Step {
    private final String agent;
    private final String action;
    private String deploymentId;
    private String reason;

    @DataBoundConstructor
    public OpenClawControlStep(String agent, String action) {
        this.agent = agent;
        this.action = action;
    }

    public String getAgent() {
        return agent;
    }

    public String getAction() {
        return action;
    }

    public String getDeploymentId() {
        return deploymentId;
    }

    @DataBoundSetter
    public void setDeploymentId(String deploymentId) {
        this.deploymentId = deploymentId == null || deploymentId.isBlank() ? null : deploymentId.trim();
    }

    public String getReason() {
        return reason;
    }

    @DataBoundSetter
    public void setReason(String reason) {
        this.reason = DeployArguments.trimToNull(reason); // an empty form field means none
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        if (!Names.isAgentName(agent)) {
            throw new AbortException("openclawControl: " + Messages.Steps_BadAgent());
        }
        ControlAction parsed;
        try {
            parsed = ControlAction.parse(action);
        } catch (IllegalArgumentException e) {
            throw new AbortException("openclawControl: " + e.getMessage());
        }
        return new Execution(context, agent.trim(), parsed, deploymentId, reason);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final String agent;
        private final ControlAction action;
        private final String deploymentId;
        private final String reason;

        Execution(StepContext context, String agent, ControlAction action, String deploymentId, String reason) {
            super(context);
            this.agent = agent;
            this.action = action;
            this.deploymentId = deploymentId;
            this.reason = reason;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            try (AgentClient client = AgentConnections.forRun(agent, run)) {
                String id = deploymentId;
                if (id == null) {
                    AgentStatus status = client.status();
                    if (status.deployment() == null || status.deployment().isFinished()) {
                        throw new AbortException(Messages.OpenClawControlStep_NothingRunning(agent, action.id()));
                    }
                    id = status.deployment().id();
                }
                String why = (reason == null ? action.id() + " requested" : reason)
                        + " (Jenkins build " + run.getFullDisplayName() + ")";
                Deployment d = DeploymentApi.of(client).control(id, action, why);
                listener.getLogger().println(BuildLogLines.PREFIX + action.id() + " of deployment " + id
                        + " accepted; state " + d.state());
                return StepResults.toMap(d);
            } catch (AgentClientException e) {
                throw AgentFailures.oneLine(agent, e);
            }
        }
    }

    @Extension
    @Symbol("openclawControl")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "openclawControl";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OpenClawControlStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @POST
        public ListBoxModel doFillActionItems() {
            ListBoxModel items = new ListBoxModel();
            for (ControlAction a : ControlAction.values()) {
                items.add(a.id(), a.id());
            }
            return items;
        }
    }
}
