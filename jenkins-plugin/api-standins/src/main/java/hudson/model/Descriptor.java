package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;

/** Stand-in of core {@code hudson.model.Descriptor}: only the members the plugin uses. */
public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @NonNull
    public String getDisplayName() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public synchronized void save() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public synchronized void load() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /**
     * core/src/main/java/hudson/model/Descriptor.java: {@code public T newInstance(@Nullable StaplerRequest2 req,
     * @NonNull JSONObject formData) throws FormException} (since 2.475); the Snippet Generator calls it.
     */
    public T newInstance(@Nullable StaplerRequest2 req, @NonNull JSONObject formData) throws FormException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /** Since core 2.475. */
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static final class FormException extends Exception implements HttpResponse {
        private static final long serialVersionUID = 1L;

        public FormException(String message, String formField) {
            throw new UnsupportedOperationException("compile-only stand-in");
        }
    }
}
