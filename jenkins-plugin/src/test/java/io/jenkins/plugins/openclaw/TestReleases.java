package io.jenkins.plugins.openclaw;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Variants of the sample release for tests: another version, environment (fault injection) for every loop, and only
 * some of its loops.
 */
public final class TestReleases {
    private static final Pattern LOOP_NAME = Pattern.compile("^[ \\t]*- name: (\\S+)");

    private TestReleases() {}

    public static Path variant(Path sample, Path target, String version, Map<String, String> env) throws IOException {
        return variant(sample, target, version, env, Set.of());
    }

    /**
     * Like {@link #variant(Path, Path, String, Map)}, with only the {@code loops} named (all of them when empty): a test
     * that watches one loop need not start the sample app's 16 loop processes on every deployment.
     */
    public static Path variant(Path sample, Path target, String version, Map<String, String> env, Set<String> loops)
            throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(sample));
                OutputStream file = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                out.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("openclaw.yaml")) {
                    String yaml = onlyLoops(new String(in.readAllBytes(), StandardCharsets.UTF_8), loops);
                    out.write(manifest(yaml, version, env).getBytes(StandardCharsets.UTF_8));
                } else {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return target;
    }

    private static String manifest(String yaml, String version, Map<String, String> env) {
        String text = yaml.replaceFirst("(?m)^version:.*$", "version: " + version);
        if (env.isEmpty()) {
            return text;
        }
        StringBuilder inline = new StringBuilder("{ ");
        env.forEach((k, v) -> inline.append(k).append(": \"").append(v).append("\", "));
        inline.setLength(inline.length() - 2);
        inline.append(" }");
        return text.replaceAll("(?m)^(\\s*)- name: (.*)$",
                "$1- name: $2\n$1  env: " + Matcher.quoteReplacement(inline.toString()));
    }

    /** The manifest with the entries of {@code loops} only (each entry runs from its {@code - name:} to the next). */
    private static String onlyLoops(String yaml, Set<String> loops) {
        if (loops.isEmpty()) {
            return yaml;
        }
        String[] parts = yaml.split("(?m)(?=^[ \\t]*- name: )");
        StringBuilder kept = new StringBuilder(parts[0]);
        Set<String> found = new HashSet<>();
        for (int i = 1; i < parts.length; i++) {
            Matcher name = LOOP_NAME.matcher(parts[i]);
            if (name.find() && loops.contains(name.group(1))) {
                kept.append(parts[i]);
                found.add(name.group(1));
            }
        }
        if (!found.equals(loops)) {
            throw new IllegalArgumentException("the sample release has no loop(s) " + loops.stream()
                    .filter(l -> !found.contains(l)).toList());
        }
        return kept.toString();
    }

}
