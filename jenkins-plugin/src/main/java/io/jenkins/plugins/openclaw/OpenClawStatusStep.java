package io.jenkins.plugins.openclaw;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.openclaw.core.Names;
import io.jenkins.plugins.openclaw.core.StatusMaps;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentClientException;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code def s = openclawStatus(agent: 'win-prod-01')}: the agent's status as a map (one quick request). */
public final class OpenClawStatusStep extends Step {
    private final String agent;

    @DataBoundConstructor
    public OpenClawStatusStep(String agent) {
        this.agent = agent;
    }

    public String getAgent() {
        return agent;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        if (!Names.isAgentName(agent)) {
            throw new AbortException("openclawStatus: " + Messages.Steps_BadAgent());
        }
        return new Execution(context, agent.trim());
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final String agent;

        Execution(StepContext context, String agent) {
            super(context);
            this.agent = agent;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            try (AgentClient client = AgentConnections.forRun(agent, getContext().get(Run.class))) {
                return StatusMaps.toMap(client.status());
            } catch (AgentClientException e) {
                throw AgentFailures.oneLine(agent, e);
            }
        }
    }

    @Extension
    @Symbol("openclawStatus")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "openclawStatus";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OpenClawStatusStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
