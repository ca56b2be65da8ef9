package hudson.security;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import org.jvnet.localizer.Localizable;

/** Stand-in of core {@code hudson.security.Permission}: only the members the plugin uses. */
public final class Permission {
    public Permission(
            @NonNull PermissionGroup group,
            @NonNull String name,
            @CheckForNull Localizable description,
            @CheckForNull Permission impliedBy,
            @NonNull PermissionScope scope) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
