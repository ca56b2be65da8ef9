package io.openclaw.deploy.agent.router;

import java.util.Optional;

/** {@code /loops/<loop>/<rest>?query} split into the loop name and the URI the instance sees ({@code /<rest>?query}). */
record LoopPath(String loop, String backendUri) {
    private static final String PREFIX = "/loops/";

    static Optional<LoopPath> parse(String uri) {
        if (!uri.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int queryStart = uri.indexOf('?');
        String path = queryStart < 0 ? uri : uri.substring(0, queryStart);
        String query = queryStart < 0 ? "" : uri.substring(queryStart);
        String afterPrefix = path.substring(PREFIX.length());
        int slash = afterPrefix.indexOf('/');
        String loop = slash < 0 ? afterPrefix : afterPrefix.substring(0, slash);
        if (loop.isEmpty()) {
            return Optional.empty();
        }
        String rest = slash < 0 ? "/" : afterPrefix.substring(slash);
        return Optional.of(new LoopPath(loop, rest + query));
    }
}
