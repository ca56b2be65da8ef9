package hudson.model;

/** Stand-in of core {@code hudson.model.Describable} (2.505+, with the default {@code getDescriptor()}). */
public interface Describable<T extends Describable<T>> {
    default Descriptor<T> getDescriptor() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
