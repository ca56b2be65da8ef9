package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.List;

/** Stand-in of core {@code hudson.model.Actionable}: only the members the plugin uses. */
public abstract class Actionable {
    public <T extends Action> List<T> getActions(Class<T> type) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /** core/src/main/java/hudson/model/Actionable.java: the first action of that type, or null. */
    public <T extends Action> T getAction(Class<T> type) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public void addAction(@NonNull Action a) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
