package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.AccessControlled;
import java.io.IOException;
import jenkins.model.ArtifactManager;

/** Stand-in of core {@code hudson.model.Run}: only the members the plugin uses. Not {@code Serializable}, as in core. */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable
        implements AccessControlled {
    public @NonNull JobT getParent() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public String getFullDisplayName() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public @NonNull String getExternalizableId() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public @CheckForNull RunT getPreviousBuild() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /** core/src/main/java/hudson/model/Run.java: {@code public final @NonNull ArtifactManager getArtifactManager()}. */
    public final @NonNull ArtifactManager getArtifactManager() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public synchronized void save() throws IOException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
