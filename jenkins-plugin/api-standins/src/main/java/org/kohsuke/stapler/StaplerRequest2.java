package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletRequest;

/** Stand-in of Stapler's {@code StaplerRequest2}: only the members the plugin uses. */
public interface StaplerRequest2 extends HttpServletRequest {
    <T> T findAncestorObject(Class<T> type);
}
