package io.openclaw.deploy.agent.release;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Unpacks a release artifact into {@code releases/<version>} so that either the whole release appears or nothing
 * changes: every entry is checked against the zip's central directory before a byte is written, the files go to a
 * private staging directory, and that directory is renamed into place at the end.
 *
 * <p>The zip is read with Apache Commons Compress rather than {@code java.util.zip} because only the former exposes an
 * entry's Unix mode, which is where a symbolic link shows.
 */
public final class ReleaseInstaller {
    /** Limits against zip bombs: entries, and uncompressed bytes of all entries together. */
    public record Limits(int maxEntries, long maxUncompressedBytes) {
        public static final Limits DEFAULT = new Limits(20_000, 4L * 1024 * 1024 * 1024);
    }

    static final String STAGING_PREFIX = ".staging-";

    // Unix file types in the high half of a zip entry's external attributes (st_mode).
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;

    /** Staging directories being written by this process, which {@link ReleaseStore#prune} must leave alone. */
    private static final Set<Path> ACTIVE_STAGING = ConcurrentHashMap.newKeySet();

    private ReleaseInstaller() {}

    /** {@link #install(Path, String, Path, String, Limits)} with {@link Limits#DEFAULT}. */
    public static InstalledRelease install(Path artifactZip, String artifactSha, Path releasesDir, String versionOverride)
            throws IOException {
        return install(artifactZip, artifactSha, releasesDir, versionOverride, Limits.DEFAULT);
    }

    /**
     * Installs the release, or returns the one already installed from the same artifact under that version.
     *
     * @param versionOverride the version to install as instead of the manifest's, or null
     * @throws OperationException {@code unsafe-artifact} (422) for an entry that may not be unpacked or a zip that
     *     cannot be read, {@code invalid-manifest} (422) for a missing or bad {@code openclaw.yaml},
     *     {@code validation} (400) for a bad override and (409) for a version installed from another artifact
     */
    public static InstalledRelease install(
            Path artifactZip, String artifactSha, Path releasesDir, String versionOverride, Limits limits)
            throws IOException {
        Objects.requireNonNull(artifactSha, "artifactSha");
        if (versionOverride != null) {
            ReleaseVersion.problem(versionOverride).ifPresent(p -> {
                throw new OperationException(ProblemTypes.VALIDATION, 400, "version " + p);
            });
        }
        checkEntryCount(artifactZip, limits);
        try (ZipFile zip = open(artifactZip)) {
            List<ZipArchiveEntry> entries = checkedEntries(zip, limits);
            ReleaseManifest manifest = readManifest(zip);
            String version = versionOverride != null ? versionOverride : manifest.version();
            manifest = manifest.withVersion(version);

            Files.createDirectories(releasesDir);
            Path target = releasesDir.resolve(version);
            if (Files.exists(target)) {
                return existing(target, version, artifactSha);
            }
            Path staging = releasesDir.resolve(STAGING_PREFIX + UUID.randomUUID());
            ACTIVE_STAGING.add(staging.toAbsolutePath().normalize());
            try {
                Files.createDirectory(staging);
                unpack(zip, entries, staging, limits);
                ReleaseMarker marker = new ReleaseMarker(version, artifactSha, Instant.now());
                marker.writeTo(staging);
                try {
                    PatientRename.atomic().rename(staging, target);
                } catch (IOException e) {
                    // Another install of this version finished first (Linux reports a plain "Directory not empty").
                    if (!Files.exists(target)) {
                        throw e;
                    }
                    return existing(target, version, artifactSha);
                }
                return new InstalledRelease(version, target, manifest, artifactSha, marker.installedAt());
            } finally {
                Trash.deleteRecursively(staging);
                ACTIVE_STAGING.remove(staging.toAbsolutePath().normalize());
            }
        }
    }

    /**
     * Everything {@link #install} checks before it writes a byte, without writing: the version override, the zip's
     * entries, the manifest, and that the version is not installed from another artifact. Lets a deployment be refused
     * before it is accepted, with the same problems install would give.
     *
     * @return the manifest, with the override applied
     * @throws OperationException as {@link #install} does
     */
    public static ReleaseManifest preflight(Path artifactZip, String artifactSha, Path releasesDir, String versionOverride)
            throws IOException {
        if (versionOverride != null) {
            ReleaseVersion.problem(versionOverride).ifPresent(p -> {
                throw new OperationException(ProblemTypes.VALIDATION, 400, "version " + p);
            });
        }
        Limits limits = Limits.DEFAULT;
        checkEntryCount(artifactZip, limits);
        ReleaseManifest manifest;
        try (ZipFile zip = open(artifactZip)) {
            checkedEntries(zip, limits);
            manifest = readManifest(zip);
        }
        String version = versionOverride != null ? versionOverride : manifest.version();
        Path target = releasesDir.resolve(version);
        if (Files.exists(target)) {
            existing(target, version, artifactSha);
        }
        return manifest.withVersion(version);
    }

    static boolean isActiveStaging(Path dir) {
        return ACTIVE_STAGING.contains(dir.toAbsolutePath().normalize());
    }

    private static InstalledRelease existing(Path target, String version, String artifactSha) throws IOException {
        ReleaseMarker marker = ReleaseMarker.readFrom(target).orElseThrow(() -> new OperationException(
                ProblemTypes.VALIDATION, 409, "release " + version + " exists but is not a complete installed release"));
        if (!marker.artifactSha().equalsIgnoreCase(artifactSha)) {
            throw new OperationException(ProblemTypes.VALIDATION, 409,
                    "release " + version + " is already installed from another artifact (" + marker.artifactSha() + ")");
        }
        ReleaseManifest manifest = ManifestParser.parse(target.resolve(ManifestParser.FILE_NAME)).withVersion(version);
        return new InstalledRelease(version, target, manifest, marker.artifactSha(), marker.installedAt());
    }

    // java.util.zip reads the entry count from the end record without building an object per entry, so a zip with
    // millions of entries is refused before Commons Compress would load them all.
    private static void checkEntryCount(Path artifactZip, Limits limits) throws IOException {
        int count;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(artifactZip.toFile())) {
            count = zip.size();
        } catch (ZipException e) {
            throw unsafe("the artifact is not a readable zip: " + e.getMessage(), e);
        }
        if (count > limits.maxEntries()) {
            throw unsafe("the artifact has " + count + " entries, more than the " + limits.maxEntries() + " allowed", null);
        }
    }

    private static ZipFile open(Path artifactZip) throws IOException {
        try {
            return ZipFile.builder().setPath(artifactZip).get();
        } catch (ZipException e) {
            throw unsafe("the artifact is not a readable zip: " + e.getMessage(), e);
        }
    }

    private static List<ZipArchiveEntry> checkedEntries(ZipFile zip, Limits limits) {
        List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
        if (entries.size() > limits.maxEntries()) {
            throw unsafe("the artifact has " + entries.size() + " entries, more than the " + limits.maxEntries() + " allowed", null);
        }
        Map<String, String> seen = new HashMap<>();
        Set<String> directories = new HashSet<>();
        Set<String> files = new HashSet<>();
        long declaredTotal = 0;
        for (ZipArchiveEntry entry : entries) {
            String name = entry.getName();
            if (hasBackslash(entry.getRawName())) {
                // Commons Compress turns '\' into '/' for entries made on Windows; refuse what the zip really says.
                throw unsafe("entry '" + printable(new String(entry.getRawName(), StandardCharsets.UTF_8)) + "' uses a backslash (zip paths use '/')", null);
            }
            ZipEntryRules.problem(name).ifPresent(p -> {
                throw unsafe("entry '" + printable(name) + "' " + p, null);
            });
            String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
            if (path.equals(ReleaseMarker.FILE_NAME)) {
                throw unsafe("entry '" + name + "' uses a name reserved for the agent", null);
            }
            int type = (int) (entry.getExternalAttributes() >> 16) & S_IFMT;
            if (entry.isUnixSymlink() || (type != 0 && type != S_IFREG && type != S_IFDIR)) {
                throw unsafe("entry '" + name + "' is a symbolic link or special file, not a plain file", null);
            }
            // Windows and macOS compare names without case, so "A.txt" and "a.txt" would overwrite each other.
            String key = path.toLowerCase(Locale.ROOT);
            String earlier = seen.putIfAbsent(key, name);
            if (earlier != null) {
                throw unsafe("entry '" + name + "' duplicates '" + earlier + "'", null);
            }
            if (!zip.canReadEntryData(entry)) {
                throw unsafe("entry '" + name + "' is encrypted or uses an unsupported compression method", null);
            }
            boolean directory = entry.isDirectory();
            (directory ? directories : files).add(key);
            for (int slash = key.indexOf('/'); slash >= 0; slash = key.indexOf('/', slash + 1)) {
                directories.add(key.substring(0, slash));
            }
            if (!directory && entry.getSize() > 0) {
                declaredTotal += entry.getSize();
            }
        }
        for (String file : files) {
            if (directories.contains(file)) {
                throw unsafe("entry '" + seen.get(file) + "' is both a file and a directory", null);
            }
        }
        if (declaredTotal > limits.maxUncompressedBytes()) {
            throw unsafe("the artifact unpacks to " + declaredTotal + " bytes, more than the "
                    + limits.maxUncompressedBytes() + " allowed", null);
        }
        return entries;
    }

    private static ReleaseManifest readManifest(ZipFile zip) throws IOException {
        ZipArchiveEntry entry = zip.getEntry(ManifestParser.FILE_NAME);
        if (entry == null || entry.isDirectory()) {
            throw new ManifestException("the artifact has no " + ManifestParser.FILE_NAME + " at its root", (Throwable) null);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return ManifestParser.parse(in);
        }
    }

    private static void unpack(ZipFile zip, List<ZipArchiveEntry> entries, Path staging, Limits limits) throws IOException {
        Path root = staging.toAbsolutePath().normalize();
        long written = 0;
        for (ZipArchiveEntry entry : entries) {
            Path target = root.resolve(entry.getName()).normalize();
            if (!target.startsWith(root) || target.equals(root)) {
                throw unsafe("entry '" + entry.getName() + "' resolves outside the release directory", null);
            }
            if (entry.isDirectory()) {
                Files.createDirectories(target);
                continue;
            }
            Files.createDirectories(target.getParent());
            try (InputStream in = zip.getInputStream(entry);
                    OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
                written = copy(in, out, entry, written, limits);
            }
        }
    }

    // The sizes in the central directory are only claims; the bytes actually inflated are what count.
    private static long copy(InputStream in, OutputStream out, ZipArchiveEntry entry, long writtenBefore, Limits limits)
            throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long declared = entry.getSize();
        long entryBytes = 0;
        long total = writtenBefore;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            entryBytes += n;
            total += n;
            if (declared >= 0 && entryBytes > declared) {
                throw unsafe("entry '" + entry.getName() + "' inflates to more than its declared " + declared + " bytes", null);
            }
            if (total > limits.maxUncompressedBytes()) {
                throw unsafe("the artifact unpacks to more than " + limits.maxUncompressedBytes() + " bytes", null);
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private static boolean hasBackslash(byte[] rawName) {
        if (rawName == null) {
            return false;
        }
        for (byte b : rawName) {
            if (b == '\\') {
                return true;
            }
        }
        return false;
    }

    private static String printable(String name) {
        StringBuilder b = new StringBuilder();
        name.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    private static OperationException unsafe(String message, Throwable cause) {
        return new OperationException(ProblemTypes.UNSAFE_ARTIFACT, 422, message, null, cause);
    }
}
