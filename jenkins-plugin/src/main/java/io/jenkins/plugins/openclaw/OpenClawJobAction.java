package io.jenkins.plugins.openclaw;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.TransientActionFactory;

/**
 * The job page's view of the latest deployment per agent (from the newest builds), each with a link to its build's
 * deployment page and the same Roll back control. Shown on the job's main page ({@code jobMain.jelly}) and at
 * {@code <job>/openclaw/}.
 */
public final class OpenClawJobAction implements Action {
    /** How far back the view looks; deployments are rare compared with builds. */
    static final int BUILDS_SCANNED = 50;
    /** How far back the side-panel link looks: it is rendered on every job page, so it must stay cheap. */
    static final int BUILDS_FOR_LINK = 10;

    private final Job<?, ?> job;

    OpenClawJobAction(Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    /** Newest deployment action per agent, in order of agent first seen (newest build first). */
    public List<OpenClawDeploymentAction> getLatestPerAgent() {
        return latestPerAgent(BUILDS_SCANNED);
    }

    private List<OpenClawDeploymentAction> latestPerAgent(int builds) {
        Map<String, OpenClawDeploymentAction> latest = new LinkedHashMap<>();
        Run<?, ?> run = job.getLastBuild();
        for (int i = 0; run != null && i < builds; i++, run = run.getPreviousBuild()) {
            List<OpenClawDeploymentAction> actions = new ArrayList<>(run.getActions(OpenClawDeploymentAction.class));
            for (int j = actions.size() - 1; j >= 0; j--) {
                latest.putIfAbsent(actions.get(j).getRecord().getAgent(), actions.get(j));
            }
        }
        return new ArrayList<>(latest.values());
    }

    @Override
    public String getIconFileName() {
        return latestPerAgent(BUILDS_FOR_LINK).isEmpty() ? null : "symbol-status-blue";
    }

    @Override
    public String getDisplayName() {
        return Messages.OpenClawJobAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return "openclaw";
    }

    @Extension
    @SuppressWarnings("rawtypes")
    public static final class Factory extends TransientActionFactory<Job> {
        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull Job target) {
            return List.of(new OpenClawJobAction(target));
        }
    }
}
