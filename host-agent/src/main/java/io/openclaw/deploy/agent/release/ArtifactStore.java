package io.openclaw.deploy.agent.release;

import io.openclaw.deploy.agent.DiskFullException;
import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Release artifacts by SHA-256, as {@code <sha>.zip} in one directory. An upload is written to its own temporary file
 * in that directory while it is hashed, and only a complete upload with the right digest is moved into place
 * atomically, so a reader never sees a partial or wrong artifact and concurrent uploads of the same artifact cannot
 * corrupt each other.
 *
 * <p>An artifact that no kept release refers to is removed by {@link #pruneUnreferenced} once a grace period has passed
 * since it was last uploaded or asked for ({@link #contains}): an upload waiting for its deploy call, or a deployment
 * that was just accepted and has not installed its release yet, keeps its artifact.
 */
public final class ArtifactStore {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final String TEMP_PREFIX = ".upload-";
    private static final String TEMP_SUFFIX = ".part";

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactStore.class);

    /** An artifact removed by {@link #pruneUnreferenced}, and how many bytes that freed. */
    public record PrunedArtifact(String sha256, long bytes) {}

    private final Path dir;
    private final long maxBytes;
    private final Clock clock;
    /** When each artifact was last asked for by this process; with the file's time, the start of its grace period. */
    private final Map<String, Instant> lastAsked = new ConcurrentHashMap<>();

    /**
     * Creates the directory if needed and removes uploads left incomplete by an earlier agent process (one store per
     * directory and process is expected).
     */
    public ArtifactStore(Path dir, long maxBytes) throws IOException {
        this(dir, maxBytes, Clock.systemUTC());
    }

    /** @param clock stamps uploads and measures their grace period */
    public ArtifactStore(Path dir, long maxBytes, Clock clock) throws IOException {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.dir = Files.createDirectories(dir);
        this.maxBytes = maxBytes;
        removeIncompleteUploads();
    }

    public Path dir() {
        return dir;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Whether the artifact is stored. A present artifact's grace period starts again: a client that found it is about
     * to deploy it.
     *
     * @throws OperationException {@code validation} (400) when {@code sha256} is not 64 hex digits
     */
    public boolean contains(String sha256) {
        boolean present = Files.isRegularFile(file(sha256));
        if (present) {
            lastAsked.put(normalise(sha256), clock.instant());
        }
        return present;
    }

    /** @throws OperationException {@code artifact-not-found} (404) when absent */
    public Path path(String sha256) {
        Path file = file(sha256);
        if (!Files.isRegularFile(file)) {
            throw new OperationException(ProblemTypes.ARTIFACT_NOT_FOUND, 404,
                    "artifact " + normalise(sha256) + " has not been uploaded");
        }
        return file;
    }

    /**
     * Starts receiving an artifact.
     *
     * @param declaredLength the announced size in bytes, or -1 when unknown
     * @throws OperationException {@code validation} (400) for a malformed digest, {@code payload-too-large} (413) when
     *     the announced size is over the limit
     */
    public ArtifactUpload begin(String sha256, long declaredLength) throws IOException {
        String sha = normalise(sha256);
        if (declaredLength > maxBytes) {
            throw tooLarge(declaredLength);
        }
        requireSpaceFor(declaredLength);
        Path temp;
        try {
            temp = Files.createTempFile(dir, TEMP_PREFIX + sha.substring(0, 12) + "-", TEMP_SUFFIX);
        } catch (IOException e) {
            throw noSpaceOr(e);
        }
        try {
            return new Upload(sha, declaredLength, temp);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Receives a whole artifact from {@code in} (not closed) and returns where it is stored. */
    public Path store(String sha256, InputStream in) throws IOException {
        try (ArtifactUpload upload = begin(sha256, -1)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                upload.write(ByteBuffer.wrap(buffer, 0, n));
            }
            upload.commit();
        }
        return path(sha256);
    }

    /** Deletes a stored artifact; returns whether it existed. */
    public boolean delete(String sha256) throws IOException {
        lastAsked.remove(normalise(sha256));
        return Files.deleteIfExists(file(sha256));
    }

    /**
     * Deletes the stored artifacts not in {@code referenced} whose grace period has passed: {@code grace} since the
     * later of their upload and the last {@link #contains} that found them. An artifact that cannot be deleted (on
     * Windows, a file still open) is logged and left for the next prune.
     *
     * @param referenced digests (any case) that must stay: those of the kept releases
     * @return what was deleted
     */
    public List<PrunedArtifact> pruneUnreferenced(Set<String> referenced, Duration grace) throws IOException {
        Set<String> keep = new HashSet<>();
        referenced.forEach(sha -> keep.add(sha.toLowerCase(Locale.ROOT)));
        Instant now = clock.instant();
        List<PrunedArtifact> pruned = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.zip")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String sha = name.substring(0, name.length() - ".zip".length());
                if (!SHA256.matcher(sha).matches() || !sha.equals(sha.toLowerCase(Locale.ROOT)) || keep.contains(sha)) {
                    continue;
                }
                Instant since = Files.getLastModifiedTime(file).toInstant();
                Instant asked = lastAsked.get(sha);
                if (asked != null && asked.isAfter(since)) {
                    since = asked;
                }
                if (since.plus(grace).isAfter(now)) {
                    continue;
                }
                try {
                    long bytes = Files.size(file);
                    Files.delete(file);
                    lastAsked.remove(sha);
                    pruned.add(new PrunedArtifact(sha, bytes));
                } catch (IOException e) {
                    LOG.warn("Could not remove unreferenced artifact {}: {}", name, e.toString());
                }
            }
        }
        return pruned;
    }

    private Path file(String sha256) {
        return dir.resolve(normalise(sha256) + ".zip");
    }

    private static String normalise(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new OperationException(ProblemTypes.VALIDATION, 400,
                    "an artifact is named by its SHA-256 as 64 hexadecimal digits, got '" + sha256 + "'");
        }
        return sha256.toLowerCase(Locale.ROOT);
    }

    private OperationException tooLarge(long bytes) {
        return new OperationException(ProblemTypes.PAYLOAD_TOO_LARGE, 413,
                "artifact of " + bytes + " bytes or more exceeds the limit of " + maxBytes
                        + " bytes (releases.max_artifact_bytes)");
    }

    /**
     * Refuses an upload of announced size that cannot fit before its body is sent (the client honours
     * {@code 100-continue}), instead of failing it once the disk is full.
     */
    private void requireSpaceFor(long declaredLength) throws IOException {
        if (declaredLength <= 0) {
            return;
        }
        long usable = Files.getFileStore(dir).getUsableSpace();
        if (usable < declaredLength) {
            throw DiskFullException.refusing("store an artifact of " + declaredLength + " bytes (" + usable
                    + " bytes are free)", null);
        }
    }

    private static IOException noSpaceOr(IOException e) {
        if (DiskFullException.isDiskFull(e)) {
            throw DiskFullException.refusing("store the artifact", e);
        }
        return e;
    }

    private void removeIncompleteUploads() throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        }
    }

    private final class Upload implements ArtifactUpload {
        private final String sha;
        private final long declaredLength;
        private final Path temp;
        private final FileChannel channel;
        private final MessageDigest digest;
        private long received;
        private boolean finished;

        Upload(String sha, long declaredLength, Path temp) throws IOException {
            this.sha = sha;
            this.declaredLength = declaredLength;
            this.temp = temp;
            this.digest = sha256();
            this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        @Override
        public void write(ByteBuffer chunk) throws IOException {
            ensureOpen();
            long after = received + chunk.remaining();
            if (after > maxBytes) {
                close();
                throw tooLarge(after);
            }
            if (declaredLength >= 0 && after > declaredLength) {
                close();
                throw new OperationException(ProblemTypes.VALIDATION, 400,
                        "artifact upload sent more than the announced " + declaredLength + " bytes");
            }
            digest.update(chunk.duplicate());
            try {
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
            } catch (IOException e) {
                close(); // what was received so far goes at once: it is what filled the disk
                throw noSpaceOr(e);
            }
            received = after;
        }

        @Override
        public void commit() throws IOException {
            ensureOpen();
            try {
                if (declaredLength >= 0 && received != declaredLength) {
                    throw new OperationException(ProblemTypes.VALIDATION, 400,
                            "artifact upload ended after " + received + " of the announced " + declaredLength + " bytes");
                }
                String actual = HexFormat.of().formatHex(digest.digest());
                if (!actual.equals(sha)) {
                    throw new OperationException(ProblemTypes.DIGEST_MISMATCH, 422,
                            "artifact content has SHA-256 " + actual + ", not the announced " + sha);
                }
                channel.force(true);
                channel.close();
                moveIntoPlace();
            } catch (IOException e) {
                throw noSpaceOr(e);
            } finally {
                close();
            }
        }

        private void moveIntoPlace() throws IOException {
            Path target = file(sha);
            if (Files.isRegularFile(target)) {
                // Same digest, same bytes: the earlier copy stays (it may be open for reading); its grace starts again.
                lastAsked.put(sha, clock.instant());
                return;
            }
            // The file's time is the upload's: the grace period of pruneUnreferenced counts from it.
            Files.setLastModifiedTime(temp, FileTime.from(clock.instant()));
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AccessDeniedException e) {
                // A concurrent upload of the same artifact won the race (Windows refuses to replace a file in use).
                if (!Files.isRegularFile(target)) {
                    throw e;
                }
                lastAsked.put(sha, clock.instant());
            }
        }

        @Override
        public void close() {
            if (finished) {
                return;
            }
            finished = true;
            try {
                channel.close();
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                throw new UncheckedIOException("could not remove incomplete upload " + temp, e);
            }
        }

        private void ensureOpen() {
            if (finished) {
                throw new IllegalStateException("upload of " + sha + " is already finished");
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
