package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

/** Stand-in of core {@code hudson.model.Item}: only the members the plugin uses. */
public interface Item extends AccessControlled {
    Permission BUILD = null;
}
