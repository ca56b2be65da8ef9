package io.jenkins.plugins.openclaw;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.openclaw.core.MeasuredArtifact;
import io.jenkins.plugins.openclaw.core.ArtifactUploader;
import io.jenkins.plugins.openclaw.core.DeployArguments;
import io.jenkins.plugins.openclaw.core.DeploymentApi;
import io.jenkins.plugins.openclaw.core.BuildLogLines;
import io.jenkins.plugins.openclaw.core.IdempotencyKeys;
import io.jenkins.plugins.openclaw.core.Names;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code openclawDeploy(agent: 'win-prod-01', artifact: 'dist/openclaw-1.4.2.zip', version: '1.4.2', strategy: 'auto',
 * loops: [...], timeoutMinutes: 120)}: hashes the artifact (inside {@code node} on the workspace's node, outside
 * {@code node} from the build's archived artifacts on the controller), uploads it unless the agent has it, starts the
 * deployment (idempotent per build and step) and follows it into the build log.
 */
public final class OpenClawDeployStep extends Step {
    private final String agent;
    private final String artifact;
    private String version;
    private String strategy = "auto";
    private List<String> loops = new ArrayList<>();
    private int timeoutMinutes = DeployArguments.DEFAULT_TIMEOUT_MINUTES;
    private boolean propagate = true;

    @DataBoundConstructor
    public OpenClawDeployStep(String agent, String artifact) {
        this.agent = agent;
        this.artifact = artifact;
    }

    public String getAgent() {
        return agent;
    }

    public String getArtifact() {
        return artifact;
    }

    public String getVersion() {
        return version;
    }

    @DataBoundSetter
    public void setVersion(String version) {
        this.version = DeployArguments.trimToNull(version); // an empty form field means none
    }

    public String getStrategy() {
        return strategy;
    }

    @DataBoundSetter
    public void setStrategy(String strategy) {
        this.strategy = strategy;
    }

    public List<String> getLoops() {
        return loops;
    }

    @DataBoundSetter
    public void setLoops(List<String> loops) {
        this.loops = loops == null ? new ArrayList<>() : new ArrayList<>(loops);
    }

    /** {@link #getLoops()} one per line, for the Snippet Generator's text area (not a step argument). */
    public String getLoopsText() {
        return Names.loopsToText(loops);
    }

    public int getTimeoutMinutes() {
        return timeoutMinutes;
    }

    @DataBoundSetter
    public void setTimeoutMinutes(int timeoutMinutes) {
        this.timeoutMinutes = timeoutMinutes;
    }

    /** false: a deployment that ends ROLLED_BACK or FAILED returns its result instead of failing the step. */
    public boolean isPropagate() {
        return propagate;
    }

    @DataBoundSetter
    public void setPropagate(boolean propagate) {
        this.propagate = propagate;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        DeployArguments args;
        try {
            args = DeployArguments.of(agent, artifact, version, strategy, loops, timeoutMinutes);
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        return new Execution(context, args, propagate);
    }

    static final class Execution extends FollowingStepExecution {
        private static final long serialVersionUID = 1L;
        private final DeployArguments args;

        Execution(StepContext context, DeployArguments args, boolean propagate) {
            super(context, args.agent(), propagate, args.timeoutMinutes());
            this.args = args;
        }

        @Override
        Deployment begin(DeploymentApi api, Run<?, ?> run, TaskListener listener) throws Exception {
            StepContext context = getContext();
            // Null outside node: then the release comes from the build's archived artifacts, on the controller.
            FilePath workspace = context.get(FilePath.class);
            ArtifactUploader.Shipment shipment = workspace == null
                    ? fromArchive(api, run, listener)
                    : fromWorkspace(api, workspace.child(args.artifact()), listener);
            listener.getLogger().println(BuildLogLines.PREFIX + (shipment.uploaded()
                    ? "uploaded the artifact to agent " + agent
                    : "agent " + agent + " already holds this artifact; upload skipped"));
            String key = IdempotencyKeys.forStep(run.getExternalizableId(), context.get(FlowNode.class).getId());
            MeasuredArtifact digest = shipment.digest();
            Deployment d = api.deploy(
                    new DeployRequest(digest.sha256(), args.version(), args.strategy(), args.loops(), Map.of()), key);
            listener.getLogger().println(BuildLogLines.PREFIX + "deployment " + d.id() + " of version "
                    + (d.version() == null ? "(as the release's manifest says)" : d.version())
                    + " accepted (strategy " + d.strategy() + ", replacing "
                    + (d.previousVersion() == null ? "nothing: first release on this agent" : d.previousVersion())
                    + ")");
            return d;
        }

        /** Inside node: hashed on the node that holds the workspace, so the bytes cross the network only once. */
        private ArtifactUploader.Shipment fromWorkspace(DeploymentApi api, FilePath file, TaskListener listener)
                throws Exception {
            if (!file.exists() || file.isDirectory()) {
                throw new AbortException(Messages.OpenClawDeployStep_NoArtifact(file.getRemote()));
            }
            MeasuredArtifact digest = file.act(new Sha256Callable());
            logDigest(listener, "workspace file " + args.artifact(), digest);
            return new ArtifactUploader.Shipment(digest, ArtifactUploader.ensureUploaded(api, digest, file::read));
        }

        /** Outside node: the archived artifact, streamed on the controller; no executor is involved. */
        private ArtifactUploader.Shipment fromArchive(DeploymentApi api, Run<?, ?> run, TaskListener listener)
                throws Exception {
            ArchivedArtifact archived = ArchivedArtifact.find(run, args.artifact());
            ArtifactUploader.Shipment shipment = ArtifactUploader.hashThenUpload(api, archived::open);
            logDigest(listener, "archived artifact " + archived.path(), shipment.digest());
            return shipment;
        }

        private static void logDigest(TaskListener listener, String what, MeasuredArtifact digest) {
            listener.getLogger().println(BuildLogLines.PREFIX + what + ": sha256 " + digest.sha256() + ", "
                    + digest.size() + " bytes");
        }

        @Override
        String kind() {
            return Deployment.KIND_DEPLOY;
        }

        @Override
        String requestedVersion() {
            return args.version();
        }

        @Override
        String requestedStrategy() {
            return args.strategy();
        }
    }

    @Extension
    @Symbol("openclawDeploy")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "openclawDeploy";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OpenClawDeployStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            // No FilePath: outside node the step deploys an archived artifact and holds no executor while it waits.
            return Set.of(Run.class, TaskListener.class, FlowNode.class);
        }

        /**
         * The form sends {@code loops} as the text of a text area (one loop per line); everything else binds as
         * usual. Same approach as {@code withEnv}'s form in workflow-basic-steps (EnvStep), the real-plugin way to
         * offer a {@code List<String>} argument in the Snippet Generator; in scripts {@code loops: ['a', 'b']} binds
         * directly through the setter.
         */
        @Override
        public Step newInstance(@Nullable StaplerRequest2 req, @NonNull JSONObject formData) throws FormException {
            List<String> loops = Names.loopsFromText(formData.optString("loops", ""));
            formData.remove("loops");
            OpenClawDeployStep step = (OpenClawDeployStep) super.newInstance(req, formData);
            step.setLoops(loops);
            return step;
        }

        @POST
        public ListBoxModel doFillStrategyItems() {
            ListBoxModel items = new ListBoxModel();
            for (String s : DeployArguments.Strategies.ALL) {
                items.add(s, s);
            }
            return items;
        }

        @POST
        public FormValidation doCheckAgent(@QueryParameter String value) {
            return Names.isAgentName(value) ? FormValidation.ok() : FormValidation.error(Messages.Steps_BadAgent());
        }
    }
}
