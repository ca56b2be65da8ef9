package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Action;
import hudson.model.Actionable;
import java.util.Collection;

/** Stand-in of core {@code jenkins.model.TransientActionFactory}. */
public abstract class TransientActionFactory<T extends Actionable> {
    public abstract Class<T> type();

    public abstract @NonNull Collection<? extends Action> createFor(@NonNull T target);
}
