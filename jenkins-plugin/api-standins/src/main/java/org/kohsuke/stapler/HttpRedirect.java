package org.kohsuke.stapler;

/** Stand-in of Stapler's {@code HttpRedirect}. */
public final class HttpRedirect extends RuntimeException implements HttpResponse {
    private static final long serialVersionUID = 1L;

    public HttpRedirect(String url) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
