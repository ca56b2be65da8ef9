package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.IdCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.ItemGroup;
import hudson.util.ListBoxModel;
import org.springframework.security.core.Authentication;

/** Stand-in of credentials' {@code AbstractIdCredentialsListBoxModel}: only the members the plugin uses. */
public abstract class AbstractIdCredentialsListBoxModel<
                T extends AbstractIdCredentialsListBoxModel<T, C>, C extends IdCredentials>
        extends ListBoxModel {
    private static final long serialVersionUID = 1L;

    @NonNull
    public AbstractIdCredentialsListBoxModel<T, C> includeEmptyValue() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeAs(
            @NonNull Authentication authentication, @NonNull ItemGroup context, @NonNull Class<? extends C> type) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeCurrentValue(@NonNull String value) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
