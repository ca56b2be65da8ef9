package io.jenkins.plugins.openclaw;

import hudson.model.Run;
import io.jenkins.plugins.openclaw.core.FlagChange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The feature-flag changes a build made with {@code openclawFlag}, in order, shown as a summary on the build page.
 * Not in the side panel (no icon, no URL): the summary is the whole view.
 */
public final class OpenClawFlagsAction extends RunAttachedAction {
    private final List<FlagChange> changes = new ArrayList<>();

    /** Adds the change to the build's action (created on the first change) and saves the build. */
    static void record(Run<?, ?> run, FlagChange change) throws IOException {
        synchronized (OpenClawFlagsAction.class) {
            OpenClawFlagsAction action = run.getAction(OpenClawFlagsAction.class);
            if (action == null) {
                action = new OpenClawFlagsAction();
                run.addAction(action);
            }
            synchronized (action) {
                action.changes.add(change);
            }
        }
        run.save();
    }

    public synchronized List<FlagChange> getChanges() {
        return List.copyOf(changes);
    }

    /** One line per change, in the order the build made them, for the summary. */
    public List<String> getLines() {
        return getChanges().stream().map(OpenClawFlagsAction::line).toList();
    }

    static String line(FlagChange c) {
        if (c.isDeleted()) {
            return Messages.OpenClawFlagsAction_Deleted(c.getName(), c.getAgent(), c.getRevision());
        }
        return Messages.OpenClawFlagsAction_Changed(c.getName(), c.getAgent(), c.getChange(), c.getRevision(),
                c.getEnabled() ? Messages.OpenClawFlagsAction_Enabled() : Messages.OpenClawFlagsAction_Disabled(),
                c.getRolloutPercentage().toPlainString());
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return Messages.OpenClawFlagsAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
