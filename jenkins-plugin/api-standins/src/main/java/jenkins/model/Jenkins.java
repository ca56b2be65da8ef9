package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.ItemGroup;
import hudson.model.TopLevelItem;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import org.springframework.security.core.Authentication;

/**
 * Stand-in of core {@code jenkins.model.Jenkins}: only the members the plugin uses. (In core the {@code ItemGroup}
 * comes through {@code AbstractCIBase} and {@code DirectlyModifiableTopLevelItemGroup}.)
 */
public class Jenkins implements ItemGroup<TopLevelItem>, AccessControlled {
    public static final Permission ADMINISTER = null;

    protected Jenkins() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @NonNull
    public static Jenkins get() throws IllegalStateException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static @NonNull Authentication getAuthentication2() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @Override
    public @NonNull ACL getACL() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
