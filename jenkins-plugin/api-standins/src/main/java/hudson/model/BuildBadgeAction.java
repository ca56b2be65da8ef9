package hudson.model;

/** Stand-in of core {@code hudson.model.BuildBadgeAction}. */
public interface BuildBadgeAction extends Action {}
