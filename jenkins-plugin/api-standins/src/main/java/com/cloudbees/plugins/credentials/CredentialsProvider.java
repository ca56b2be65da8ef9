package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Run;
import java.util.List;
import org.springframework.security.core.Authentication;

/** Stand-in of credentials' {@code CredentialsProvider}: only the members the plugin uses. */
public abstract class CredentialsProvider extends Descriptor<CredentialsProvider>
        implements ExtensionPoint, Describable<CredentialsProvider> {

    @CheckForNull
    public static <C extends IdCredentials> C findCredentialById(
            @NonNull String id,
            @NonNull Class<C> type,
            @NonNull Run<?, ?> run,
            @Nullable List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /** Since credentials 1480.v2246fd131e83. */
    @CheckForNull
    public static <C extends IdCredentials> C findCredentialByIdInItem(
            @NonNull String id,
            @NonNull Class<C> type,
            @Nullable Item item,
            @Nullable Authentication authentication,
            @Nullable List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /** Since credentials 1480.v2246fd131e83. */
    @CheckForNull
    public static <C extends IdCredentials> C findCredentialByIdInItemGroup(
            @NonNull String id,
            @NonNull Class<C> type,
            @Nullable ItemGroup<?> itemGroup,
            @Nullable Authentication authentication,
            @Nullable List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static <C extends Credentials> C track(@NonNull Item item, @CheckForNull C credentials) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
