package io.jenkins.plugins.openclaw;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Variants of the sample release for tests: another version, and environment (fault injection) for every loop. */
public final class TestReleases {
    private TestReleases() {}

    public static Path variant(Path sample, Path target, String version, Map<String, String> env) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(sample));
                OutputStream file = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                out.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("openclaw.yaml")) {
                    out.write(manifest(new String(in.readAllBytes(), StandardCharsets.UTF_8), version, env)
                            .getBytes(StandardCharsets.UTF_8));
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

}
