package hudson.remoting;

import java.io.Serializable;

/** Stand-in of remoting's {@code hudson.remoting.SerializableOnlyOverRemoting}. */
public interface SerializableOnlyOverRemoting extends Serializable {}
