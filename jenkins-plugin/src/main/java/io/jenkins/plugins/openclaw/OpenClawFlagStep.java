package io.jenkins.plugins.openclaw;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.openclaw.core.BuildLogLines;
import io.jenkins.plugins.openclaw.core.FlagArguments;
import io.jenkins.plugins.openclaw.core.FlagChange;
import io.jenkins.plugins.openclaw.core.FlagUpdates;
import io.jenkins.plugins.openclaw.core.Names;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentClientException;
import io.openclaw.deploy.protocol.AgentProblemException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code openclawFlag(agent: 'win-prod-01', name: 'new_voice_model', enabled: true, rolloutPercentage: 25,
 * rules: [...], description: '...')} changes one feature flag through the agent's admin API and records the change
 * on the build; also {@code delete: true} and {@code rollbackToRevision: N}. Fields left out keep their current
 * value. Needs no {@code node}.
 */
public final class OpenClawFlagStep extends Step {
    private final String agent;
    private final String name;
    private Boolean enabled;
    private Double rolloutPercentage;
    private String description;
    private Object rules;
    private boolean delete;
    private Integer rollbackToRevision;

    @DataBoundConstructor
    public OpenClawFlagStep(String agent, String name) {
        this.agent = agent;
        this.name = name;
    }

    public String getAgent() {
        return agent;
    }

    public String getName() {
        return name;
    }

    public Boolean getEnabled() {
        return enabled;
    }

    /** null: keep the flag's current value. */
    @DataBoundSetter
    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public Double getRolloutPercentage() {
        return rolloutPercentage;
    }

    @DataBoundSetter
    public void setRolloutPercentage(Double rolloutPercentage) {
        this.rolloutPercentage = rolloutPercentage;
    }

    public String getDescription() {
        return description;
    }

    @DataBoundSetter
    public void setDescription(String description) {
        this.description = description == null || description.isEmpty() ? null : description;
    }

    /** A list of rules (maps, spec 7.2 shape) in scripts, or the same as JSON text; like writeYaml's data. */
    public Object getRules() {
        return rules;
    }

    @DataBoundSetter
    public void setRules(Object rules) {
        this.rules = rules instanceof String s && s.isBlank() ? null : rules;
    }

    /** {@link #getRules()} as JSON text, for the Snippet Generator's text area (not a step argument). */
    public String getRulesText() {
        return FlagArguments.rulesAsText(rules);
    }

    public boolean isDelete() {
        return delete;
    }

    @DataBoundSetter
    public void setDelete(boolean delete) {
        this.delete = delete;
    }

    public Integer getRollbackToRevision() {
        return rollbackToRevision;
    }

    @DataBoundSetter
    public void setRollbackToRevision(Integer rollbackToRevision) {
        this.rollbackToRevision = rollbackToRevision;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        try {
            return new Execution(context, FlagArguments.of(
                    agent, name, enabled, rolloutPercentage, description, rules, delete, rollbackToRevision));
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final FlagArguments args;

        Execution(StepContext context, FlagArguments args) {
            super(context);
            this.args = args;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FlagChange change;
            try (AgentClient client = AgentConnections.forRun(args.agent(), run)) {
                change = new FlagUpdates(client, Clock.systemUTC()).apply(args);
            } catch (AgentProblemException e) {
                throw new AbortException(Messages.OpenClawFlagStep_Refused(args.agent(), args.name(), e.getMessage()));
            } catch (AgentClientException e) {
                throw AgentFailures.oneLine(args.agent(), e);
            }
            OpenClawFlagsAction.record(run, change);
            listener.getLogger().println(BuildLogLines.PREFIX + "flag " + change.getName() + " on agent "
                    + change.getAgent() + ": " + change.getChange() + " (revision " + change.getRevision()
                    + (change.isDeleted() ? "" : ", " + (change.getEnabled() ? "enabled" : "disabled") + ", "
                            + change.getRolloutPercentage().toPlainString() + "%") + ")");
            return change.toMap();
        }
    }

    @Extension
    @Symbol("openclawFlag")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "openclawFlag";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OpenClawFlagStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        /**
         * The form sends {@code enabled} as a three-way choice (keep, true, false), {@code rolloutPercentage} and
         * {@code rollbackToRevision} as text that may be empty (keep), and {@code rules} as JSON text; the rest binds
         * as usual. Same approach as {@code withEnv}'s form (workflow-basic-steps' EnvStep).
         */
        @Override
        public Step newInstance(@Nullable StaplerRequest2 req, @NonNull JSONObject formData) throws FormException {
            String enabledText = formData.optString("enabled", "");
            String percentageText = formData.optString("rolloutPercentage", "").trim();
            String revisionText = formData.optString("rollbackToRevision", "").trim();
            String rulesText = formData.optString("rules", "");
            for (String key : new String[] {"enabled", "rolloutPercentage", "rollbackToRevision", "rules"}) {
                formData.remove(key);
            }
            OpenClawFlagStep step = (OpenClawFlagStep) super.newInstance(req, formData);
            step.setEnabled(enabledText.isEmpty() ? null : Boolean.valueOf(enabledText));
            try {
                step.setRolloutPercentage(percentageText.isEmpty() ? null : Double.valueOf(percentageText));
            } catch (NumberFormatException e) {
                throw new FormException("rolloutPercentage '" + percentageText + "' is not a number", "rolloutPercentage");
            }
            try {
                step.setRollbackToRevision(revisionText.isEmpty() ? null : Integer.valueOf(revisionText));
            } catch (NumberFormatException e) {
                throw new FormException("rollbackToRevision '" + revisionText + "' is not a number", "rollbackToRevision");
            }
            step.setRules(rulesText);
            return step;
        }

        @POST
        public ListBoxModel doFillEnabledItems() {
            ListBoxModel items = new ListBoxModel();
            items.add(Messages.OpenClawFlagStep_KeepEnabled(), "");
            items.add("true", "true");
            items.add("false", "false");
            return items;
        }

        @POST
        public FormValidation doCheckAgent(@QueryParameter String value) {
            return Names.isAgentName(value) ? FormValidation.ok() : FormValidation.error(Messages.Steps_BadAgent());
        }
    }
}
