package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.IdCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;

/** Stand-in of credentials' {@code StandardCredentials}. */
public interface StandardCredentials extends IdCredentials {
    @NonNull
    String getDescription();
}
