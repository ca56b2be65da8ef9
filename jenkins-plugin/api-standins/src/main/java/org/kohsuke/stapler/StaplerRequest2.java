package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/** Stand-in of Stapler's {@code StaplerRequest2}: only the members the plugin uses. */
public interface StaplerRequest2 extends HttpServletRequest {
    <T> List<T> bindJSONToList(Class<T> type, Object src);
}
