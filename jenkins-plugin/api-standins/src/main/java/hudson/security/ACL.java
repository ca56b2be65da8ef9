package hudson.security;

import org.springframework.security.core.Authentication;

/** Stand-in of core {@code hudson.security.ACL}: only the members the plugin uses. */
public abstract class ACL {
    public static final Authentication SYSTEM2 = null;
}
