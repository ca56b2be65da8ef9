package io.openclaw.deploy.agent.release;

import io.openclaw.deploy.agent.config.yaml.YamlObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** A loop's {@code state:} in {@code openclaw.yaml} (spec 3.3), as strict as the rest of the manifest. */
final class StateSection {
    /** Snapshots kept per loop at most: each holds a full copy's manifest, and blobs are shared between them. */
    static final int MAX_KEEP = 100;

    private StateSection() {}

    static StateSpec read(YamlObject state) {
        String dir = state.has("dir") ? dir(state) : null;
        StateSpec.Redis redis = state.has("redis") ? redis(state.object("redis")) : null;
        String freeze = state.has("freeze") ? freeze(state.object("freeze")) : null;
        boolean restore = state.bool("restore_on_rollback", false);
        int keep = state.integer("keep", StateSpec.DEFAULT_KEEP, 1, MAX_KEEP);
        state.take("dir");
        state.take("redis");
        state.take("freeze");
        state.rejectUnknown();
        if (dir == null && redis == null) {
            throw state.problem("must name the state to migrate: dir (files under ${DATA_DIR}), redis, or both"
                    + " (leave state out for a loop without state)");
        }
        return new StateSpec(dir, redis, freeze, restore, keep);
    }

    /** Relative to the slot's data directory and inside it: the agent replaces this directory wholesale when staging. */
    private static String dir(YamlObject state) {
        String raw = state.string("dir", "");
        Path path;
        try {
            path = Path.of(raw).normalize();
        } catch (InvalidPathException e) {
            throw state.problem("dir", "is not a path: '" + raw + "'");
        }
        String normalized = path.toString().replace('\\', '/');
        if (raw.isBlank() || path.isAbsolute() || raw.startsWith("/") || raw.startsWith("\\")
                || normalized.isEmpty() || normalized.equals(".") || normalized.startsWith("..")) {
            throw state.problem("dir", "must be a directory inside ${DATA_DIR}, relative and without '..'"
                    + " (e.g. dir: core_orchestrator/), got '" + raw + "'");
        }
        return normalized;
    }

    private static StateSpec.Redis redis(YamlObject redis) {
        String url = redis.string("url", null);
        String prefix = redis.string("key_prefix", null);
        redis.rejectUnknown();
        if (url == null) {
            throw redis.problem("url", "is missing: e.g. url: redis://127.0.0.1:6379");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw redis.problem("url", "is not a URL: '" + url + "'");
        }
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw redis.problem("url", "must be redis://host[:port][/db], got '" + url + "'");
        }
        String db = uri.getPath() == null ? "" : uri.getPath();
        if (!db.isEmpty() && !db.equals("/") && !db.matches("/[0-9]{1,4}")) {
            throw redis.problem("url", "must name the database by its number (redis://host:port/0), got '" + url + "'");
        }
        if (prefix == null) {
            throw redis.problem("key_prefix", "is missing: the keys of this loop, e.g. key_prefix: \"openclaw:memory:\"");
        }
        // The prefix becomes a SCAN MATCH pattern: glob characters would widen it to other loops' keys.
        if (prefix.isEmpty() || prefix.chars().anyMatch(c -> c <= ' ' || "*?[]\\".indexOf(c) >= 0)) {
            throw redis.problem("key_prefix", "must be non-empty, without spaces or any of * ? [ ] \\, got '"
                    + prefix + "'");
        }
        return new StateSpec.Redis(uri, prefix);
    }

    /** {@code freeze: {http: /path}}: {@code http} is required once the key is there, as for {@code shutdown}. */
    private static String freeze(YamlObject freeze) {
        boolean hasHttp = freeze.has("http");
        String path = hasHttp ? ManifestParser.urlPath(freeze, null) : null;
        freeze.take("http");
        freeze.rejectUnknown();
        if (!hasHttp) {
            throw freeze.problem("http", "is missing: the path the agent POSTs to pause writes (DELETE resumes),"
                    + " e.g. freeze: {http: /state/freeze}");
        }
        return path;
    }
}
