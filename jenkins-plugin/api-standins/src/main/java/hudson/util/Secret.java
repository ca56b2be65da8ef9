package hudson.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/** Stand-in of core {@code hudson.util.Secret}: only the members the plugin uses. */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    private Secret() {}

    @NonNull
    public String getPlainText() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
