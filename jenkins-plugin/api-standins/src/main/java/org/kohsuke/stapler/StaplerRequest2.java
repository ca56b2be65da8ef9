package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletRequest;

/** Stand-in of Stapler's {@code StaplerRequest2}: the plugin calls none of its own members. */
public interface StaplerRequest2 extends HttpServletRequest {}
