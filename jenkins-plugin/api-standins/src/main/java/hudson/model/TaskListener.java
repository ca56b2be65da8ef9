package hudson.model;

import hudson.remoting.SerializableOnlyOverRemoting;
import java.io.PrintStream;

/** Stand-in of core {@code hudson.model.TaskListener}: only the members the plugin uses. */
public interface TaskListener extends SerializableOnlyOverRemoting {
    PrintStream getLogger();
}
