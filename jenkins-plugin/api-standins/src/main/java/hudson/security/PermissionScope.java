package hudson.security;

/** Stand-in of core {@code hudson.security.PermissionScope} (a final class of constants, not an enum). */
public final class PermissionScope {
    public static final PermissionScope ITEM = null;

    private PermissionScope() {}
}
