package io.openclaw.deploy.agent.router;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * A loop's per-request rule on top of the weights while two versions serve it: for each request, whether it must
 * reach the new version, the old one, or either (by weight). Called on the router's event loop for every request of
 * the loop, so an implementation answers from memory, without I/O or locks.
 *
 * <p>{@link TrafficSplit} (a canary's segment and sticky rules) is one; a flag-driven release supplies another that
 * evaluates the loop's release flag.
 */
public interface VersionChooser {

    /** Where one request goes. */
    enum Assignment {
        /** To the instances of {@link #newVersion()}. */
        NEW,
        /** To the instances of any other version. */
        OLD,
        /** No rule applies: by weight. */
        WEIGHTED
    }

    /** The version being released beside the serving one. */
    String newVersion();

    Assignment choose(HttpHeaders headers);
}
