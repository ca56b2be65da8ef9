package io.jenkins.plugins.openclaw;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.BuildBadgeAction;
import hudson.model.Job;
import hudson.model.Run;
import hudson.security.Permission;
import io.jenkins.plugins.openclaw.core.BuildDeploymentRecord;
import io.jenkins.plugins.openclaw.core.Durations;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.RollbackRequest;
import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * One deployment (or rollback) a build made: the badge in the build history, the summary on the build page, a page
 * of its own at {@code <build>/openclaw-<n>/}, and the Roll back button.
 *
 * <p>The Roll back button is a POST form (Jenkins adds the crumb to every form), shown and accepted only with
 * {@link OpenClawPermissions#ROLLBACK} on the job (implied by Item/Build); it goes through a confirmation page (no
 * JavaScript), records who pressed it on the build, passes the user's name to the agent's event log, and reports the
 * agent's answer on the page.
 */
public final class OpenClawDeploymentAction extends RunAttachedAction implements BuildBadgeAction {
    private static final Logger LOGGER = Logger.getLogger(OpenClawDeploymentAction.class.getName());

    private final String key;
    private final int index;
    private final BuildDeploymentRecord record;

    OpenClawDeploymentAction(String key, int index, BuildDeploymentRecord record) {
        this.key = key;
        this.index = index;
        this.record = record;
    }

    /** The action a step execution created, or null before its deployment was accepted. */
    @CheckForNull
    static OpenClawDeploymentAction find(Run<?, ?> run, String key) {
        for (OpenClawDeploymentAction a : run.getActions(OpenClawDeploymentAction.class)) {
            if (a.key.equals(key)) {
                return a;
            }
        }
        return null;
    }

    /** The action of a step execution, created when the agent accepts its deployment and found again after a restart. */
    static synchronized OpenClawDeploymentAction findOrAdd(
            Run<?, ?> run, String key, String agent, String kind, String version, String strategy)
            throws IOException {
        OpenClawDeploymentAction found = find(run, key);
        if (found != null) {
            return found;
        }
        List<OpenClawDeploymentAction> existing = run.getActions(OpenClawDeploymentAction.class);
        OpenClawDeploymentAction action = new OpenClawDeploymentAction(
                key, existing.size() + 1, new BuildDeploymentRecord(agent, kind, version, strategy));
        run.addAction(action);
        run.save();
        return action;
    }

    public BuildDeploymentRecord record() {
        return record;
    }

    public BuildDeploymentRecord getRecord() {
        return record;
    }

    void save() {
        Run<?, ?> run = getRun();
        try {
            if (run != null) {
                run.save();
            }
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "could not save the OpenClaw deployment record of " + run, e);
        }
    }

    @Override
    public String getIconFileName() {
        return getBadgeSymbol();
    }

    @Override
    public String getDisplayName() {
        return Messages.OpenClawDeploymentAction_DisplayName(record.getAgent());
    }

    @Override
    public String getUrlName() {
        return "openclaw-" + index;
    }

    /** Badge tooltip: strategy, outcome and version. */
    public String getBadgeTooltip() {
        return Messages.OpenClawDeploymentAction_Badge(
                record.getKind(), record.getStrategy(), record.getOutcome(), record.getVersion(), record.getAgent());
    }

    /** A Jenkins symbol matching the outcome. */
    public String getBadgeSymbol() {
        return switch (record.getState()) {
            case "SUCCEEDED" -> "symbol-status-blue";
            case "ROLLED_BACK" -> "symbol-status-yellow";
            case "FAILED" -> "symbol-status-red";
            case BuildDeploymentRecord.ABORTED -> "symbol-status-aborted";
            default -> "symbol-status-blue-anime";
        };
    }

    public String durationText(long millis) {
        return Durations.text(millis);
    }

    public Permission getRollbackPermission() {
        return OpenClawPermissions.ROLLBACK;
    }

    /** Whether the current user may press the button: {@link OpenClawPermissions#ROLLBACK} on the job. */
    public boolean isRollbackAllowed() {
        Run<?, ?> run = getRun();
        return run != null && run.getParent().hasPermission(OpenClawPermissions.ROLLBACK);
    }

    /** Whether the button makes sense: a deployment that replaced a known release. */
    public boolean isRollbackPossible() {
        return record.getPreviousVersion() != null && record.getDeploymentId() != null;
    }

    /** The Roll back POST: returns the agent to the release that was active before this build's deployment. */
    @RequirePOST
    public synchronized HttpResponse doRollback(@QueryParameter String reason) {
        Run<?, ?> run = getRun();
        Job<?, ?> job = run.getParent();
        job.checkPermission(OpenClawPermissions.ROLLBACK);
        if (!isRollbackPossible()) {
            return HttpResponses.redirectTo(".");
        }
        String user = Jenkins.getAuthentication2().getName();
        String why = Messages.OpenClawDeploymentAction_RollbackReason(
                user, run.getFullDisplayName(), reason == null || reason.isBlank() ? "-" : reason.trim());
        BuildDeploymentRecord.RollbackNote note;
        try (AgentClient client = AgentConnections.forItem(record.getAgent(), job)) {
            Deployment d = client.rollback(new RollbackRequest(record.getPreviousVersion(), why));
            note = new BuildDeploymentRecord.RollbackNote(user, System.currentTimeMillis(), true,
                    Messages.OpenClawDeploymentAction_RollbackAccepted(d.id(), d.version()));
        } catch (IOException | RuntimeException e) {
            note = new BuildDeploymentRecord.RollbackNote(user, System.currentTimeMillis(), false,
                    Messages.OpenClawDeploymentAction_RollbackRefused(e.getMessage()));
        }
        record.addRollback(note);
        save();
        return HttpResponses.redirectTo(".");
    }
}
