package io.openclaw.deploy.protocol;

/**
 * The share of requests the router answered without a server error over its recent window, against the objective
 * (99.99 %). A request fails when the loop answered 5xx or the router answered itself (no instance routed, connect
 * failure, timeout); 4xx answers are the caller's and count as served.
 *
 * @param ratio         served / requests, null when there were no requests in the window
 * @param objective     the availability the agent is held to (0.9999)
 * @param requests      requests that finished in the window
 * @param failures      of which failed (5xx or answered by the router itself)
 * @param windowSeconds the window actually covered
 * @param met           whether ratio &gt;= objective, null when there were no requests
 */
public record Availability(Double ratio, double objective, long requests, long failures, long windowSeconds,
                           Boolean met) {

    /** The figure for these counts: no requests gives no ratio and no verdict. */
    public static Availability of(long requests, long failures, double objective, long windowSeconds) {
        if (requests == 0) {
            return new Availability(null, objective, 0, 0, windowSeconds, null);
        }
        double ratio = (double) (requests - failures) / requests;
        return new Availability(ratio, objective, requests, failures, windowSeconds, ratio >= objective);
    }
}
