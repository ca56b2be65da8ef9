package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/** Stand-in of core {@code hudson.model.Action}: its three abstract members (the defaults are newer than the baseline). */
public interface Action extends ModelObject {
    @CheckForNull
    String getIconFileName();

    @Override
    @CheckForNull
    String getDisplayName();

    @CheckForNull
    String getUrlName();
}
