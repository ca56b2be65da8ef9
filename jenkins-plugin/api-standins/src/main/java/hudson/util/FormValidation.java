package hudson.util;

import java.io.IOException;
import org.kohsuke.stapler.HttpResponse;

/** Stand-in of core {@code hudson.util.FormValidation}: only the members the plugin uses. */
public abstract class FormValidation extends IOException implements HttpResponse {
    private static final long serialVersionUID = 1L;

    public static FormValidation error(String message) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static FormValidation ok(String message) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static FormValidation ok() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public abstract String renderHtml();
}
