package io.openclaw.deploy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Derives the faulty release the canary part needs from the sample release the demo was given, at run time: the same
 * zip with another version and the sample loop's {@code SAMPLE_ERROR_RATE} fault set on some loops. Built rather than
 * shipped, so it is exactly the release the person runs, with one documented fault switched on.
 */
final class DemoRelease {
    private static final String MANIFEST = "openclaw.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DemoRelease() {}

    /** Writes to {@code target} a copy of {@code source} at {@code version} whose {@code loops} fail {@code rate}. */
    static Path withErrorRate(Path source, Path target, String version, Collection<String> loops, double rate)
            throws IOException {
        boolean sawManifest = false;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(source));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals(MANIFEST)) {
                    out.write(faulty(in, version, loops, rate));
                    sawManifest = true;
                } else {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        if (!sawManifest) {
            throw new IOException(source + " has no " + MANIFEST + " at its root");
        }
        return target;
    }

    private static byte[] faulty(InputStream manifest, String version, Collection<String> loops, double rate)
            throws IOException {
        ObjectNode root = (ObjectNode) YAML.readTree(manifest.readAllBytes());
        root.put("version", version);
        int found = 0;
        for (JsonNode loop : root.path("loops")) {
            if (loop instanceof ObjectNode spec && loops.contains(spec.path("name").asText())) {
                ObjectNode env = spec.get("env") instanceof ObjectNode given ? given : spec.putObject("env");
                env.put("SAMPLE_ERROR_RATE", String.format(Locale.ROOT, "%.2f", rate));
                found++;
            }
        }
        if (found != loops.size()) {
            throw new IOException("the release does not declare all of the loops " + loops);
        }
        return YAML.writeValueAsBytes(root);
    }
}
