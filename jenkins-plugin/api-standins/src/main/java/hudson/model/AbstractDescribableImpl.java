package hudson.model;

/**
 * Stand-in of core {@code hudson.model.AbstractDescribableImpl}: empty since 2.505, when {@link Describable} got its
 * default {@code getDescriptor()}. Pipeline's {@code Step} still extends it.
 */
@Deprecated(since = "2.505")
public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {}
