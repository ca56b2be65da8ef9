package io.jenkins.plugins.openclaw;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.TransientActionFactory;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;

/**
 * The job page's view of the latest deployment per agent (from the newest builds), each with a link to its build's
 * deployment page and the same Roll back control. Shown on the job's main page ({@code jobMain.jelly}) and at
 * {@code <job>/openclaw/}, on Pipeline jobs only (the steps run nowhere else).
 *
 * <p>Every job page renders it, and looking back through builds loads their {@code build.xml}: so the scan is kept
 * per job and redone only when the newest build or its deployments change.
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
        Run<?, ?> last = job.getLastBuild();
        int lastNumber = last == null ? 0 : last.getNumber();
        int actionsOnLast = last == null ? 0 : last.getActions(OpenClawDeploymentAction.class).size();
        // The side-panel link and the list look back different distances: one entry each.
        String name = job.getFullName() + "#" + builds;
        synchronized (SCANS) {
            Scan cached = SCANS.get(name);
            if (cached != null && cached.of(job, lastNumber, actionsOnLast)) {
                return cached.latest();
            }
        }
        List<OpenClawDeploymentAction> latest = scan(builds);
        synchronized (SCANS) {
            SCANS.put(name, new Scan(new WeakReference<>(job), lastNumber, actionsOnLast, latest));
        }
        return latest;
    }

    /**
     * What a scan saw: which job (a job deleted and created again under the same name is another job), its newest
     * build and that build's number of deployments, and the result.
     */
    private record Scan(
            WeakReference<Job<?, ?>> job, int lastBuild, int actionsOnLast, List<OpenClawDeploymentAction> latest) {
        boolean of(Job<?, ?> current, int currentLast, int currentActions) {
            return job.get() == current && lastBuild == currentLast && actionsOnLast == currentActions;
        }
    }

    /** Jobs seen most recently, by full name: a scan holds its builds, so the cache is bounded, not weak. */
    private static final int JOBS_CACHED = 256;

    private static final Map<String, Scan> SCANS = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Scan> eldest) {
            return size() > JOBS_CACHED;
        }
    };

    private List<OpenClawDeploymentAction> scan(int builds) {
        Map<String, OpenClawDeploymentAction> latest = new LinkedHashMap<>();
        Run<?, ?> run = job.getLastBuild();
        for (int i = 0; run != null && i < builds; i++, run = run.getPreviousBuild()) {
            List<OpenClawDeploymentAction> actions = new ArrayList<>(run.getActions(OpenClawDeploymentAction.class));
            for (int j = actions.size() - 1; j >= 0; j--) {
                latest.putIfAbsent(actions.get(j).getRecord().getAgent(), actions.get(j));
            }
        }
        return List.copyOf(latest.values());
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
    public static final class Factory extends TransientActionFactory<WorkflowJob> {
        @Override
        public Class<WorkflowJob> type() {
            return WorkflowJob.class;
        }

        /** Lets Jenkins skip this factory when it asks a job for other kinds of action. */
        @Override
        public Class<OpenClawJobAction> actionType() {
            return OpenClawJobAction.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull WorkflowJob target) {
            return List.of(new OpenClawJobAction(target));
        }
    }
}
