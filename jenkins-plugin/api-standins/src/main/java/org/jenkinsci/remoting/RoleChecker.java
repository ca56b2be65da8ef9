package org.jenkinsci.remoting;

/** Stand-in of remoting's {@code org.jenkinsci.remoting.RoleChecker}; the plugin calls none of its members. */
public abstract class RoleChecker {}
