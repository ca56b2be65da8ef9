package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;
import hudson.security.PermissionGroup;

/** Stand-in of core {@code hudson.model.Item}: only the members the plugin uses. */
public interface Item extends AccessControlled {
    PermissionGroup PERMISSIONS = null;
    Permission BUILD = null;
    Permission CONFIGURE = null;

    String getFullName();

    String getFullDisplayName();

    String getUrl();
}
