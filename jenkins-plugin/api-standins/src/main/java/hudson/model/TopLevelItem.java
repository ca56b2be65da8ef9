package hudson.model;

/** Stand-in of core {@code hudson.model.TopLevelItem}. */
public interface TopLevelItem extends Item {}
