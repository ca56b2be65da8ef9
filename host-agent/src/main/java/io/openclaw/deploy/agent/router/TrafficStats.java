package io.openclaw.deploy.agent.router;

import java.time.Duration;

/**
 * What one version of a loop served during a recent window, for canary analysis.
 *
 * @param requests          requests that finished in the window (any outcome)
 * @param serverErrors      of which the backend answered 5xx
 * @param routerErrors      of which the router answered itself (502 connect/backend failure, 504 timeout, 503)
 * @param p95LatencyMillis  95th percentile of the request duration, as the upper bound of its latency bucket
 *                          (0 when there were no requests)
 * @param window            the window actually covered (at most the retained history)
 */
public record TrafficStats(long requests, long serverErrors, long routerErrors, long p95LatencyMillis,
                           Duration window) {

    /** Share of requests that failed on the backend or in the router, 0 when there were none. */
    public double errorRate() {
        return requests == 0 ? 0.0 : (double) (serverErrors + routerErrors) / requests;
    }
}
