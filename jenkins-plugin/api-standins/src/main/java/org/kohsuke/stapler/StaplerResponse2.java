package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletResponse;

/** Stand-in of Stapler's {@code StaplerResponse2}; the plugin calls none of its own members. */
public interface StaplerResponse2 extends HttpServletResponse {}
