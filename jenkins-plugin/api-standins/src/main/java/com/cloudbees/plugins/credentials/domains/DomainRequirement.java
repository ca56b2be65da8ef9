package com.cloudbees.plugins.credentials.domains;

import java.io.Serializable;

/** Stand-in of credentials' {@code DomainRequirement}; the plugin only passes empty lists of them. */
public class DomainRequirement implements Serializable {
    private static final long serialVersionUID = 1L;
}
