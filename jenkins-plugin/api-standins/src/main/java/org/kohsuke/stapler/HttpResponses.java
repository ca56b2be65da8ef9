package org.kohsuke.stapler;

/** Stand-in of Stapler's {@code HttpResponses}: only the members the plugin uses. */
public class HttpResponses {
    public static HttpRedirect redirectTo(String url) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
