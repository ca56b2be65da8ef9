package com.cloudbees.plugins.credentials.common;

/** Stand-in of credentials' {@code StandardListBoxModel}. */
public class StandardListBoxModel
        extends AbstractIdCredentialsListBoxModel<StandardListBoxModel, StandardCredentials> {
    private static final long serialVersionUID = 1L;
}
