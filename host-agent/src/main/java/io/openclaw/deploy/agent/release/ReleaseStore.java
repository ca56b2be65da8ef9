package io.openclaw.deploy.agent.release;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The releases installed under {@code releases/}. A directory counts as a release only when it holds the marker
 * {@link ReleaseInstaller} writes last; hidden directories ({@code .staging-*}, {@code .trash-*}) never do.
 *
 * <p>Given the {@link ArtifactStore}, its retention covers the uploaded artifacts too: once old releases are pruned,
 * the artifacts no remaining release came from are pruned after their grace period ({@link #pruneArtifacts}).
 */
public final class ReleaseStore {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseStore.class);
    private static final String TRASH_PREFIX = ".trash-";

    private final Path releasesDir;
    private final ArtifactStore artifacts;
    private final Duration artifactGrace;
    /**
     * Releases as last read, by version: status and rollback read every installed manifest, and parsing 15 loops'
     * YAML for each of them was most of a rollback's time before its {@code 202} (docs/performance.md). An entry
     * counts only while the marker and the manifest's modification time are what they were when it was read.
     */
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    private record Loaded(ReleaseMarker marker, FileTime manifestModified, InstalledRelease release) {}

    /** Releases only; {@link #pruneArtifacts} does nothing. */
    public ReleaseStore(Path releasesDir) {
        this(releasesDir, null, null);
    }

    /**
     * @param artifacts     the store whose unreferenced artifacts are pruned with the releases
     * @param artifactGrace how long an unreferenced artifact is kept after its upload ({@code releases.artifact_grace_*})
     */
    public ReleaseStore(Path releasesDir, ArtifactStore artifacts, Duration artifactGrace) {
        this.releasesDir = releasesDir;
        this.artifacts = artifacts;
        this.artifactGrace = artifacts == null ? null : Objects.requireNonNull(artifactGrace, "artifactGrace");
    }

    public Path dir() {
        return releasesDir;
    }

    /**
     * Installed releases, newest installation first. A release whose manifest no longer parses (edited by hand) is
     * left out with a warning rather than hiding all the others; {@link #load} reports its problem.
     */
    public List<InstalledRelease> list() throws IOException {
        List<InstalledRelease> releases = new ArrayList<>();
        for (ReleaseMarker marker : markers()) {
            try {
                load(marker.version()).ifPresent(releases::add);
            } catch (ManifestException e) {
                LOG.warn("Installed release {} is unusable: {}", marker.version(), e.getMessage());
            }
        }
        return releases;
    }

    /**
     * The release installed as {@code version}, its manifest re-read from disk when it changed since the last read.
     *
     * @throws ManifestException when its {@code openclaw.yaml} no longer parses
     */
    public Optional<InstalledRelease> load(String version) throws IOException {
        if (!ReleaseVersion.isValid(version)) {
            return Optional.empty();
        }
        Path dir = releasesDir.resolve(version);
        Optional<ReleaseMarker> marker = ReleaseMarker.readFrom(dir).filter(m -> m.version().equals(version));
        if (marker.isEmpty()) {
            return Optional.empty();
        }
        ReleaseMarker m = marker.get();
        Path manifestFile = dir.resolve(ManifestParser.FILE_NAME);
        FileTime modified = Files.getLastModifiedTime(manifestFile);
        Loaded known = loaded.get(version);
        if (known != null && known.marker().equals(m) && known.manifestModified().equals(modified)) {
            return Optional.of(known.release());
        }
        ReleaseManifest manifest = ManifestParser.parse(manifestFile).withVersion(version);
        InstalledRelease release = new InstalledRelease(version, dir, manifest, m.artifactSha(), m.installedAt());
        loaded.put(version, new Loaded(m, modified, release));
        return Optional.of(release);
    }

    /**
     * Deletes the oldest releases beyond the newest {@code keep}, except protected ones (the active and previous
     * releases), and leftovers of interrupted installs and deletions; then the artifacts no remaining release refers
     * to ({@link #pruneArtifacts}). A release that cannot be deleted (on Windows, a file still in use) is logged and
     * left for the next prune.
     *
     * @return the versions deleted
     */
    public List<String> prune(int keep, Set<String> protectedVersions) throws IOException {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must not be negative: " + keep);
        }
        removeLeftovers();
        List<ReleaseMarker> newestFirst = markers();
        List<String> deleted = new ArrayList<>();
        for (ReleaseMarker marker : newestFirst.subList(Math.min(keep, newestFirst.size()), newestFirst.size())) {
            if (protectedVersions.contains(marker.version())) {
                continue;
            }
            if (delete(releasesDir.resolve(marker.version()))) {
                deleted.add(marker.version());
            }
        }
        pruneArtifacts();
        return deleted;
    }

    /**
     * Deletes the uploaded artifacts that no installed release came from, once their grace period has passed (so an
     * upload waiting for its deploy call stays), and logs what was freed. The active and previous releases are never
     * pruned, so their artifacts always stay. Run after {@link #prune} and at start-up.
     *
     * @return the artifacts deleted; none when this store was made without an {@link ArtifactStore}
     */
    public List<ArtifactStore.PrunedArtifact> pruneArtifacts() throws IOException {
        if (artifacts == null) {
            return List.of();
        }
        Set<String> referenced = new HashSet<>();
        markers().forEach(m -> referenced.add(m.artifactSha()));
        List<ArtifactStore.PrunedArtifact> pruned = artifacts.pruneUnreferenced(referenced, artifactGrace);
        if (!pruned.isEmpty()) {
            long bytes = pruned.stream().mapToLong(ArtifactStore.PrunedArtifact::bytes).sum();
            LOG.info("Removed {} artifact(s) no kept release refers to, freeing {} bytes: {}", pruned.size(), bytes,
                    pruned.stream().map(p -> p.sha256() + " (" + p.bytes() + " bytes)").toList());
        }
        return pruned;
    }

    /**
     * Deletes the artifact of a deployment that did not succeed at once, unless a kept release came from it (issue 12:
     * a failed 22 MB artifact stayed a day on a 40 MB disk). Its grace period is for an upload waiting for its deploy
     * call; this one had its call.
     *
     * @return whether it was deleted
     */
    public boolean dropFailedArtifact(String sha256) throws IOException {
        if (artifacts == null || sha256 == null) {
            return false;
        }
        for (ReleaseMarker marker : markers()) {
            if (marker.artifactSha().equalsIgnoreCase(sha256)) {
                return false;
            }
        }
        long bytes = artifacts.contains(sha256) ? Files.size(artifacts.path(sha256)) : 0;
        boolean deleted = artifacts.delete(sha256);
        if (deleted) {
            LOG.info("Removed the artifact {} of a deployment that did not succeed, freeing {} bytes", sha256, bytes);
        }
        return deleted;
    }

    private List<ReleaseMarker> markers() throws IOException {
        List<ReleaseMarker> markers = new ArrayList<>();
        if (!Files.isDirectory(releasesDir)) {
            return markers;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(releasesDir, Files::isDirectory)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (!name.startsWith(".")) {
                    ReleaseMarker.readFrom(dir).filter(m -> m.version().equals(name)).ifPresent(markers::add);
                }
            }
        }
        markers.sort(Comparator.comparing(ReleaseMarker::installedAt).thenComparing(ReleaseMarker::version).reversed());
        return markers;
    }

    // Renamed aside first so that a half-deleted release never looks installed.
    private boolean delete(Path release) {
        Path trash = releasesDir.resolve(TRASH_PREFIX + UUID.randomUUID());
        try {
            Files.move(release, trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Could not remove release {}: {}", release.getFileName(), e.toString());
            return false;
        }
        try {
            Trash.deleteRecursively(trash);
        } catch (IOException e) {
            LOG.warn("Release {} was removed but {} could not be deleted yet: {}", release.getFileName(), trash, e.toString());
        }
        return true;
    }

    private void removeLeftovers() throws IOException {
        if (!Files.isDirectory(releasesDir)) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(releasesDir, Files::isDirectory)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                boolean leftover = name.startsWith(TRASH_PREFIX)
                        || (name.startsWith(ReleaseInstaller.STAGING_PREFIX) && !ReleaseInstaller.isActiveStaging(dir));
                if (leftover) {
                    try {
                        Trash.deleteRecursively(dir);
                    } catch (IOException e) {
                        LOG.warn("Could not remove leftover {}: {}", dir, e.toString());
                    }
                }
            }
        }
    }
}
