package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.Iterator;
import org.jvnet.localizer.Localizable;

/** Stand-in of core {@code hudson.security.PermissionGroup}: only the members the plugin uses. */
public final class PermissionGroup implements Iterable<Permission>, Comparable<PermissionGroup> {
    public PermissionGroup(@NonNull Class owner, Localizable title) throws IllegalStateException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @Override
    public Iterator<Permission> iterator() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @Override
    public int compareTo(PermissionGroup that) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
