package hudson.model;

/** Stand-in of core {@code hudson.model.AbstractItem}. */
public abstract class AbstractItem extends Actionable implements Item {}
