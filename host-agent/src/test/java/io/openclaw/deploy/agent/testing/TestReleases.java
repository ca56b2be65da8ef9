package io.openclaw.deploy.agent.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds release zips around the real sample loop, with the faults a test asks for. */
public final class TestReleases {
    private TestReleases() {}

    public static Path fixtures() {
        return Path.of(System.getProperty("openclaw.fixtures", "target/fixtures"));
    }

    public static Path sampleLoopJar() {
        return fixtures().resolve("sample-loop.jar");
    }

    /** A blue-green release of the given loops (one replica each unless {@code replicas} says otherwise), with env for all. */
    public static Path build(Path dir, String version, List<String> loops, Map<String, String> env) throws IOException {
        return build(dir, version, loops, env, Map.of());
    }

    public static Path build(Path dir, String version, List<String> loops, Map<String, String> env,
            Map<String, Integer> replicas) throws IOException {
        return build(dir, version, loops, env, replicas, "blue-green");
    }

    /** Like {@link #build(Path, String, List, Map, Map)}, every loop declaring {@code strategy}. */
    public static Path build(Path dir, String version, List<String> loops, Map<String, String> env,
            Map<String, Integer> replicas, String strategy) throws IOException {
        return build(dir, version, loops, env, replicas, strategy, Map.of());
    }

    /** Like {@link #build(Path, String, List, Map, Map, String)}, loops declaring the {@code dependencies} given. */
    public static Path build(Path dir, String version, List<String> loops, Map<String, String> env,
            Map<String, Integer> replicas, String strategy, Map<String, List<String>> dependencies) throws IOException {
        StringBuilder yaml = new StringBuilder("version: ").append(version).append("\nloops:\n");
        for (String loop : loops) {
            // Blue-green whatever the loop's name declares by default (spec 2.2), so tests get the strategy they test.
            yaml.append("  - name: ").append(loop).append('\n')
                    .append("    strategy: ").append(strategy).append('\n')
                    .append("    replicas: ").append(replicas.getOrDefault(loop, 1)).append('\n')
                    .append("    command: [\"${JAVA}\", \"-XX:TieredStopAtLevel=1\", \"-XX:+UseSerialGC\", \"-Xmx48m\",")
                    .append(" \"-Xss512k\", \"-jar\", \"loops/sample-loop.jar\", \"--port\", \"${PORT}\"]\n")
                    .append("    health: {http: /health, timeout_seconds: 2}\n");
            if (dependencies.containsKey(loop)) {
                yaml.append("    dependencies: [").append(String.join(", ", dependencies.get(loop).stream()
                        .map(d -> '"' + d + '"').toList())).append("]\n");
            }
            if (!env.isEmpty()) {
                yaml.append("    env:\n");
                env.forEach((k, v) -> yaml.append("      ").append(k).append(": \"").append(v).append("\"\n"));
            }
        }
        Path zip = dir.resolve("release-" + version + "-" + System.nanoTime() + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("openclaw.yaml"));
            out.write(yaml.toString().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("loops/sample-loop.jar"));
            Files.copy(sampleLoopJar(), out);
            out.closeEntry();
        }
        return zip;
    }

    /** A release whose openclaw.yaml is {@code yaml}, as given (e.g. an invalid one), with the sample loop jar. */
    public static Path withManifest(Path dir, String yaml) throws IOException {
        Path zip = dir.resolve("manifest-" + System.nanoTime() + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("openclaw.yaml"));
            out.write(yaml.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("loops/sample-loop.jar"));
            Files.copy(sampleLoopJar(), out);
            out.closeEntry();
        }
        return zip;
    }

    /** A zip whose manifest is fine but which carries an entry escaping the release directory. */
    public static Path zipSlip(Path dir, String version) throws IOException {
        Path zip = dir.resolve("evil-" + version + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("openclaw.yaml"));
            out.write(("version: " + version + "\nloops:\n  - name: core_orchestrator\n"
                    + "    command: [\"${JAVA}\", \"-jar\", \"loops/sample-loop.jar\", \"--port\", \"${PORT}\"]\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("../../escaped.txt"));
            out.write("owned".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return zip;
    }

    public static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file);
                    OutputStream sink = OutputStream.nullOutputStream()) {
                byte[] buffer = new byte[64 * 1024];
                for (int r; (r = in.read(buffer)) >= 0; ) {
                    digest.update(buffer, 0, r);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
