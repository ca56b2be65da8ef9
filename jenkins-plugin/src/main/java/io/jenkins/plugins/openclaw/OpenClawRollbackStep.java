package io.jenkins.plugins.openclaw;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.openclaw.core.DeployArguments;
import io.jenkins.plugins.openclaw.core.DeploymentApi;
import io.jenkins.plugins.openclaw.core.BuildLogLines;
import io.jenkins.plugins.openclaw.core.RollbackArguments;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.RollbackRequest;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code openclawRollback(agent: 'win-prod-01', toVersion: '1.4.1', reason: 'p99 regression')}: returns the agent to
 * an earlier release (by default the one before the current) and follows the rollback like a deployment.
 */
public final class OpenClawRollbackStep extends Step {
    private final String agent;
    private String toVersion;
    private String reason;
    private int timeoutMinutes = 30;
    private boolean propagate = true;

    @DataBoundConstructor
    public OpenClawRollbackStep(String agent) {
        this.agent = agent;
    }

    public String getAgent() {
        return agent;
    }

    public String getToVersion() {
        return toVersion;
    }

    @DataBoundSetter
    public void setToVersion(String toVersion) {
        this.toVersion = DeployArguments.trimToNull(toVersion); // an empty form field means none
    }

    public String getReason() {
        return reason;
    }

    @DataBoundSetter
    public void setReason(String reason) {
        this.reason = DeployArguments.trimToNull(reason); // an empty form field means none
    }

    public int getTimeoutMinutes() {
        return timeoutMinutes;
    }

    @DataBoundSetter
    public void setTimeoutMinutes(int timeoutMinutes) {
        this.timeoutMinutes = timeoutMinutes;
    }

    public boolean isPropagate() {
        return propagate;
    }

    @DataBoundSetter
    public void setPropagate(boolean propagate) {
        this.propagate = propagate;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        try {
            return new Execution(context, RollbackArguments.of(agent, toVersion, reason, timeoutMinutes), propagate);
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
    }

    static final class Execution extends FollowingStepExecution {
        private static final long serialVersionUID = 1L;
        private final RollbackArguments args;

        Execution(StepContext context, RollbackArguments args, boolean propagate) {
            super(context, args.agent(), propagate, args.timeoutMinutes());
            this.args = args;
        }

        @Override
        Deployment begin(DeploymentApi api, Run<?, ?> run, TaskListener listener) throws Exception {
            String reason = args.reason() + " (Jenkins build " + run.getFullDisplayName() + ")";
            Deployment d = api.rollback(new RollbackRequest(args.toVersion(), reason));
            listener.getLogger().println(BuildLogLines.PREFIX + "rollback " + d.id() + " to version " + d.version()
                    + " accepted");
            return d;
        }

        @Override
        String kind() {
            return Deployment.KIND_ROLLBACK;
        }

        @Override
        String requestedVersion() {
            return args.toVersion();
        }

        @Override
        String requestedStrategy() {
            return "rollback";
        }
    }

    @Extension
    @Symbol("openclawRollback")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "openclawRollback";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OpenClawRollbackStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
