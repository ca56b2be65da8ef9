package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;

/** Stand-in of core {@code hudson.model.Descriptor}: only the members the plugin uses. */
public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @NonNull
    public String getDisplayName() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public synchronized void save() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public synchronized void load() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
