package hudson.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.ArrayList;
import org.kohsuke.stapler.HttpResponse;

/** Stand-in of core {@code hudson.util.ListBoxModel}: only the members the plugin uses. */
public class ListBoxModel extends ArrayList<ListBoxModel.Option> implements HttpResponse {
    private static final long serialVersionUID = 1L;

    public ListBoxModel() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public void add(@NonNull String displayName, @NonNull String value) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static final class Option {
        public String name;
        public String value;
        public boolean selected;

        public Option(@NonNull String name, @NonNull String value) {
            throw new UnsupportedOperationException("compile-only stand-in");
        }
    }
}
