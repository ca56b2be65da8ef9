package io.openclaw.deploy.agent.release;

import io.openclaw.deploy.agent.config.DependencyTarget;
import io.openclaw.deploy.agent.config.yaml.YamlNode;
import io.openclaw.deploy.agent.config.yaml.YamlObject;
import io.openclaw.deploy.agent.config.yaml.YamlObject.YamlValues;
import io.openclaw.deploy.agent.config.yaml.YamlProblem;
import io.openclaw.deploy.agent.config.yaml.YamlTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and validates a release's {@code openclaw.yaml} (see {@code docs/release-format.md}). Strict: unknown keys,
 * wrong types and unknown placeholders are errors, each a {@link ManifestException} naming the setting and its line.
 */
public final class ManifestParser {
    public static final String FILE_NAME = "openclaw.yaml";
    public static final int MAX_REPLICAS = 16;
    public static final String DEFAULT_HEALTH_PATH = "/health";
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(5);
    /** Longest health-check timeout a manifest may ask for. */
    public static final int MAX_HEALTH_TIMEOUT_SECONDS = 300;

    private static final Pattern LOOP_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Variables the agent sets for every instance; a manifest may not override them. */
    public static final String RESERVED_ENV_PREFIX = "OPENCLAW_";

    private ManifestParser() {}

    public static ReleaseManifest parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.getFileName().toString());
        } catch (NoSuchFileException e) {
            throw new ManifestException("the release has no " + FILE_NAME + " (expected at " + file + ")", e);
        }
    }

    public static ReleaseManifest parse(InputStream in) throws IOException {
        return parse(in, FILE_NAME);
    }

    /** @param fileName how error messages name the file */
    public static ReleaseManifest parse(InputStream in, String fileName) throws IOException {
        try {
            return read(YamlTree.parse(in));
        } catch (YamlProblem problem) {
            throw new ManifestException(fileName, problem);
        }
    }

    private static ReleaseManifest read(YamlNode document) {
        YamlObject root = YamlObject.root(document, false);
        String version = root.take("version")
                .map(n -> YamlValues.text(n, "version"))
                .orElseThrow(() -> root.problem("version", "is missing: the manifest must give the release's version (e.g. version: 1.4.2)"));
        ReleaseVersion.problem(version).ifPresent(p -> {
            throw root.problem("version", p);
        });
        List<YamlNode> items = root.list("loops")
                .orElseThrow(() -> root.problem("loops", "is missing: the manifest must list its loops (loops: [...])"));
        root.rejectUnknown();
        if (items.isEmpty()) {
            throw root.problem("loops", "must list at least one loop");
        }
        List<LoopSpec> loops = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "loops[" + i + "]";
            LoopSpec loop = readLoop(YamlObject.of(items.get(i), path));
            Integer earlier = seen.putIfAbsent(loop.name(), i);
            if (earlier != null) {
                throw new YamlProblem(path + ".name", items.get(i).location(),
                        "'" + loop.name() + "' is already used by loops[" + earlier + "]");
            }
            loops.add(loop);
        }
        return new ReleaseManifest(version, loops);
    }

    private static LoopSpec readLoop(YamlObject loop) {
        String name = loop.take("name")
                .map(n -> YamlValues.text(n, loop.pathOf("name")))
                .orElseThrow(() -> loop.problem("name", "is missing"));
        if (!LOOP_NAME.matcher(name).matches()) {
            throw loop.problem("name", "must match [a-z][a-z0-9_]{0,63} (lower case, digits, '_'), got '" + name + "'");
        }
        LoopStrategy strategy = loop.take("strategy")
                .map(n -> strategy(n, loop.pathOf("strategy")))
                .orElse(KnownLoops.defaultStrategy(name));
        int replicas = loop.integer("replicas", 1, 1, MAX_REPLICAS);
        List<String> command = command(loop);
        HealthCheck health = loop.has("health") ? health(loop.object("health")) : defaultHealth(loop);
        Map<String, String> env = env(loop.object("env"));
        ShutdownRequest shutdown = loop.has("shutdown") ? shutdown(loop.object("shutdown")) : noShutdown(loop);
        List<DependencyTarget> dependencies = loop.list("dependencies")
                .map(items -> DependencyTarget.readList(items, loop.pathOf("dependencies")))
                .orElse(List.of());
        StateSpec state = loop.has("state") ? StateSection.read(loop.object("state")) : noState(loop);
        loop.rejectUnknown();
        return new LoopSpec(name, strategy, replicas, command, health, env, shutdown, dependencies, state);
    }

    private static LoopStrategy strategy(YamlNode node, String path) {
        String id = YamlValues.text(node, path);
        try {
            return LoopStrategy.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new YamlProblem(path, node.location(),
                    "must be one of blue-green, rolling, canary, feature-flag, got '" + id + "'");
        }
    }

    private static List<String> command(YamlObject loop) {
        String path = loop.pathOf("command");
        List<YamlNode> items = loop.list("command").orElseThrow(() -> loop.problem("command", "is missing"));
        if (items.isEmpty()) {
            throw loop.problem("command", "must not be empty: give the program and its arguments");
        }
        List<String> command = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String argPath = path + "[" + i + "]";
            String arg = YamlValues.text(items.get(i), argPath);
            checkPlaceholders(arg, argPath, items.get(i));
            command.add(arg);
        }
        if (command.get(0).isBlank()) {
            throw new YamlProblem(path + "[0]", items.get(0).location(), "must name the program to run");
        }
        return command;
    }

    private static HealthCheck defaultHealth(YamlObject loop) {
        loop.take("health");
        return HealthCheck.http(DEFAULT_HEALTH_PATH, DEFAULT_HEALTH_TIMEOUT);
    }

    private static HealthCheck health(YamlObject health) {
        boolean hasHttp = health.has("http");
        boolean hasTcp = health.has("tcp");
        if (hasHttp && hasTcp) {
            throw health.problem("tcp", "cannot be combined with http: choose one kind of check");
        }
        Duration timeout = health.take("timeout_seconds")
                .map(n -> Duration.ofSeconds(YamlValues.integer(n, health.pathOf("timeout_seconds"), 1, MAX_HEALTH_TIMEOUT_SECONDS)))
                .orElse(DEFAULT_HEALTH_TIMEOUT);
        HealthCheck check;
        if (hasTcp) {
            if (!health.bool("tcp", false)) {
                throw health.problem("tcp", "must be true (leave health out for the default HTTP check)");
            }
            check = HealthCheck.tcp(timeout);
        } else {
            check = HealthCheck.http(urlPath(health, DEFAULT_HEALTH_PATH), timeout);
        }
        health.rejectUnknown();
        return check;
    }

    private static ShutdownRequest noShutdown(YamlObject loop) {
        loop.take("shutdown"); // named among the known settings in an error about another key
        return ShutdownRequest.NONE;
    }

    private static StateSpec noState(YamlObject loop) {
        loop.take("state"); // named among the known settings in an error about another key
        return StateSpec.NONE;
    }

    /** {@code shutdown: {http: /path}}: the only kind there is, so {@code http} is required once the key is there. */
    private static ShutdownRequest shutdown(YamlObject shutdown) {
        boolean hasHttp = shutdown.has("http");
        String path = hasHttp ? urlPath(shutdown, null) : null;
        shutdown.take("http"); // named among the known settings when another key is there instead
        shutdown.rejectUnknown();
        if (!hasHttp) {
            throw shutdown.problem("http", "is missing: say which path to POST, e.g. shutdown: {http: /shutdown}"
                    + " (leave shutdown out to stop the loop by signal only)");
        }
        return ShutdownRequest.http(path);
    }

    /** The {@code http} key of a check or request: a path on the instance's own port. */
    static String urlPath(YamlObject object, String fallback) {
        String path = object.string("http", fallback);
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw object.problem("http", "must be a URL path starting with '/' without spaces, got '" + path + "'");
        }
        return path;
    }

    private static Map<String, String> env(YamlObject env) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> byUpperCase = new HashMap<>();
        for (String key : env.keys()) {
            String path = env.pathOf(key);
            YamlNode node = env.take(key).orElseThrow();
            if (!ENV_NAME.matcher(key).matches()) {
                throw new YamlProblem(path, node.location(), "is not a valid environment variable name (letters, digits, '_')");
            }
            String upper = key.toUpperCase(Locale.ROOT);
            if (upper.startsWith(RESERVED_ENV_PREFIX)) {
                throw new YamlProblem(path, node.location(), "is reserved: the agent sets the OPENCLAW_* variables itself");
            }
            String clash = byUpperCase.putIfAbsent(upper, key);
            if (clash != null) {
                throw new YamlProblem(path, node.location(),
                        "differs from " + env.pathOf(clash) + " only in case (Windows would treat them as one)");
            }
            if (!(node instanceof YamlNode.Scalar s) || s.isNull()) {
                throw new YamlProblem(path, node.location(),
                        "must be a string, number or boolean, got " + node.describe() + " (write \"\" for an empty value)");
            }
            checkPlaceholders(s.text(), path, node);
            values.put(key, s.text());
        }
        return values;
    }

    private static void checkPlaceholders(String value, String path, YamlNode node) {
        Placeholders.firstUnknown(value).ifPresent(unknown -> {
            throw new YamlProblem(path, node.location(), "uses unknown placeholder ${" + unknown + "} (known: "
                    + String.join(", ", Placeholders.NAMES.stream().sorted().map(n -> "${" + n + "}").toList()) + ")");
        });
        if (Placeholders.hasUnclosed(value)) {
            throw new YamlProblem(path, node.location(), "has an unclosed placeholder: '" + value + "'");
        }
    }
}
