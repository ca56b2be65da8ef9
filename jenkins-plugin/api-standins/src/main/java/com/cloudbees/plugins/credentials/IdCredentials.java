package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.NonNull;

/** Stand-in of credentials' {@code IdCredentials}. */
public interface IdCredentials extends Credentials {
    @NonNull
    String getId();
}
