package hudson;

/** Stand-in of core {@code hudson.ExtensionPoint} (a marker interface). */
public interface ExtensionPoint {}
