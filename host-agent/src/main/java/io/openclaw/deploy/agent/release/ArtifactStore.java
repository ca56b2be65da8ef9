package io.openclaw.deploy.agent.release;

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
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Release artifacts by SHA-256, as {@code <sha>.zip} in one directory. An upload is written to its own temporary file
 * in that directory while it is hashed, and only a complete upload with the right digest is moved into place
 * atomically, so a reader never sees a partial or wrong artifact and concurrent uploads of the same artifact cannot
 * corrupt each other.
 */
public final class ArtifactStore {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final String TEMP_PREFIX = ".upload-";
    private static final String TEMP_SUFFIX = ".part";

    private final Path dir;
    private final long maxBytes;

    /**
     * Creates the directory if needed and removes uploads left incomplete by an earlier agent process (one store per
     * directory and process is expected).
     */
    public ArtifactStore(Path dir, long maxBytes) throws IOException {
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

    /** @throws OperationException {@code validation} (400) when {@code sha256} is not 64 hex digits */
    public boolean contains(String sha256) {
        return Files.isRegularFile(file(sha256));
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
        Path temp = Files.createTempFile(dir, TEMP_PREFIX + sha.substring(0, 12) + "-", TEMP_SUFFIX);
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
        return Files.deleteIfExists(file(sha256));
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
            while (chunk.hasRemaining()) {
                channel.write(chunk);
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
            } finally {
                close();
            }
        }

        private void moveIntoPlace() throws IOException {
            Path target = file(sha);
            if (Files.isRegularFile(target)) {
                return; // same digest, same bytes: the earlier copy stays (it may be open for reading)
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AccessDeniedException e) {
                // A concurrent upload of the same artifact won the race (Windows refuses to replace a file in use).
                if (!Files.isRegularFile(target)) {
                    throw e;
                }
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
