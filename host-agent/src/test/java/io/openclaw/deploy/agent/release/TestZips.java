package io.openclaw.deploy.agent.release;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Builds release zips, good and hostile, for the tests. */
final class TestZips {
    private TestZips() {}

    static String manifest(String version) {
        return "version: " + version + "\nloops:\n  - name: core_orchestrator\n    command: [\"${JAVA}\", \"-jar\", \"loops/app.jar\"]\n";
    }

    /** A zip of the given entries (name → content; a name ending in '/' is a directory), written in order. */
    static Path zip(Path file, Map<String, String> entries) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                if (!e.getKey().endsWith("/")) {
                    out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        return file;
    }

    static Path release(Path file, String version) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("openclaw.yaml", manifest(version));
        entries.put("loops/", "");
        entries.put("loops/app.jar", "jar bytes of " + version);
        entries.put("conf/settings.txt", "x=1");
        return zip(file, entries);
    }

    /** A valid release plus one extra entry. */
    static Path releaseWith(Path file, String extraName, String extraContent) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("openclaw.yaml", manifest("1.0.0"));
        entries.put("loops/app.jar", "jar");
        entries.put(extraName, extraContent);
        return zip(file, entries);
    }

    /** A valid release plus an entry whose Unix mode marks it a symbolic link to {@code target}. */
    static Path releaseWithSymlink(Path file, String linkName, String target) throws IOException {
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(file)) {
            put(out, "openclaw.yaml", manifest("1.0.0"), 0100644);
            put(out, linkName, target, 0120777);
        }
        return file;
    }

    /** A valid release whose entry {@code name} appears twice (java.util.zip refuses to write that). */
    static Path releaseWithDuplicate(Path file, String name) throws IOException {
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(file)) {
            put(out, "openclaw.yaml", manifest("1.0.0"), 0100644);
            put(out, name, "first", 0100644);
            put(out, name, "second", 0100644);
        }
        return file;
    }

    private static void put(ZipArchiveOutputStream out, String name, String content, int mode) throws IOException {
        ZipArchiveEntry e = new ZipArchiveEntry(name);
        e.setUnixMode(mode);
        out.putArchiveEntry(e);
        out.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeArchiveEntry();
    }

    /** Rewrites the uncompressed size in every central directory record of {@code zip} to {@code size}. */
    static void understateSizes(Path zip, int size) throws IOException {
        byte[] b = Files.readAllBytes(zip);
        for (int i = 0; i + 46 <= b.length; i++) {
            if (b[i] == 0x50 && b[i + 1] == 0x4b && b[i + 2] == 0x01 && b[i + 3] == 0x02) {
                for (int k = 0; k < 4; k++) {
                    b[i + 24 + k] = (byte) (size >>> (8 * k));
                }
            }
        }
        Files.write(zip, b);
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every path under {@code dir} with its size and content digest, to show that nothing changed. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        if (!Files.exists(dir)) {
            return tree;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                tree.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir" : sha256(p));
            }
        }
        return tree;
    }

    static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }
}
