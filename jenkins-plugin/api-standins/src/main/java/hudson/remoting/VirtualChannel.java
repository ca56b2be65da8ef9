package hudson.remoting;

/** Stand-in of remoting's {@code hudson.remoting.VirtualChannel}; the plugin calls none of its members. */
public interface VirtualChannel {}
