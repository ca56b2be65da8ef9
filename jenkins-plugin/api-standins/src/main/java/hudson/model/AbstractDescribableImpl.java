package hudson.model;

/** Stand-in of core {@code hudson.model.AbstractDescribableImpl} (Pipeline's {@code Step} still extends it). */
@Deprecated
public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {
    @Override
    public Descriptor<T> getDescriptor() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
