package io.jenkins.plugins.openclaw;

import hudson.model.Item;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;

/** The plugin's permission: rolling an agent back from a build page. Implied by Item/Build. */
public final class OpenClawPermissions {
    public static final PermissionGroup GROUP =
            new PermissionGroup(OpenClawPermissions.class, Messages._OpenClawPermissions_Group());

    public static final Permission ROLLBACK = new Permission(
            GROUP, "Rollback", Messages._OpenClawPermissions_Rollback_Description(), Item.BUILD, PermissionScope.ITEM);

    private OpenClawPermissions() {}
}
