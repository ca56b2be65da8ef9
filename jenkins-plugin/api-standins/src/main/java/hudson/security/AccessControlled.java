package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import org.springframework.security.access.AccessDeniedException;

/** Stand-in of core {@code hudson.security.AccessControlled}: only the members the plugin uses. */
public interface AccessControlled {
    @NonNull
    ACL getACL();

    default void checkPermission(@NonNull Permission permission) throws AccessDeniedException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    default boolean hasPermission(@NonNull Permission permission) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
