package org.kohsuke.stapler;

import jakarta.servlet.ServletException;
import java.io.IOException;

/** Stand-in of Stapler's {@code HttpResponse} (without the deprecated javax overload). */
public interface HttpResponse {
    default void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
            throws IOException, ServletException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
