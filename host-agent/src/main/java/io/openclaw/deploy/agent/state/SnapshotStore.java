package io.openclaw.deploy.agent.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.openclaw.deploy.agent.journal.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Snapshots under {@code backups/state/}: content-addressed blobs ({@code blobs/ab/<sha256>}, shared by every snapshot
 * that holds the same content) and one directory per snapshot ({@code snapshots/<loop>/<id>/}) with its
 * {@code manifest.json} and {@code manifest.sha256}, the checksum of the manifest itself, so that an edited or torn
 * manifest is told apart from a good one. A blob is written once: a snapshot whose content is already stored refers to
 * the stored blob, which is why {@link #validate} re-reads every blob rather than trusting that it was written well.
 */
public final class SnapshotStore {
    static final String MANIFEST = "manifest.json";
    static final String MANIFEST_SUM = "manifest.sha256";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    public SnapshotStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    Path blob(String sha256) {
        return root.resolve("blobs").resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private Path snapshotDir(String loop, String id) {
        return root.resolve("snapshots").resolve(loop).resolve(id);
    }

    /** Stores {@code content} as a blob (unless that content is stored already) and returns its entry. */
    public SnapshotEntry put(String name, InputStream content, long ttlMillis) throws IOException {
        Path tmp = Files.createDirectories(root.resolve("blobs").resolve("tmp"));
        Path temp = Files.createTempFile(tmp, "blob", ".part");
        try {
            MessageDigest digest = Sha256.digest();
            long size;
            try (DigestInputStream in = new DigestInputStream(content, digest);
                    FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                size = in.transferTo(out);
                channel.force(true);
            }
            String sha = Sha256.hex(digest.digest());
            Path target = blob(sha);
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException raced) {
                    // Another writer stored the same content: same bytes, nothing to do.
                }
            }
            return new SnapshotEntry(name, sha, size, ttlMillis);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public InputStream open(SnapshotEntry entry) throws IOException {
        return Files.newInputStream(blob(entry.sha256()));
    }

    /** Writes the manifest, then its checksum: a snapshot without a checksum file is one that was never finished. */
    public void save(StateSnapshot snapshot) throws IOException {
        Path dir = Files.createDirectories(snapshotDir(snapshot.loop(), snapshot.id()));
        byte[] manifest = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(snapshot);
        AtomicFiles.write(dir.resolve(MANIFEST), manifest);
        AtomicFiles.write(dir.resolve(MANIFEST_SUM), (Sha256.of(manifest) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads a manifest back, refusing one whose checksum does not match. */
    public StateSnapshot load(String loop, String id) throws StateMigrationException {
        Path dir = snapshotDir(loop, id);
        try {
            byte[] manifest = Files.readAllBytes(dir.resolve(MANIFEST));
            String expected = Files.readString(dir.resolve(MANIFEST_SUM), StandardCharsets.US_ASCII).trim();
            String actual = Sha256.of(manifest);
            if (!actual.equals(expected)) {
                throw new StateMigrationException("state snapshot " + id + " of loop " + loop + " is corrupt: its"
                        + " manifest's SHA-256 is " + actual + ", " + MANIFEST_SUM + " says " + expected);
            }
            StateSnapshot snapshot = JSON.readValue(manifest, StateSnapshot.class);
            if (!snapshot.id().equals(id) || !snapshot.loop().equals(loop)) {
                throw new StateMigrationException("state snapshot " + id + " of loop " + loop
                        + " is corrupt: its manifest names snapshot " + snapshot.id() + " of loop " + snapshot.loop());
            }
            return snapshot;
        } catch (NoSuchFileException e) {
            throw new StateMigrationException("state snapshot " + id + " of loop " + loop + " is incomplete: "
                    + e.getFile() + " is missing", e);
        } catch (IOException e) {
            throw new StateMigrationException("state snapshot " + id + " of loop " + loop + " cannot be read: " + e, e);
        }
    }

    /**
     * Re-reads every blob of the snapshot and checks its size and SHA-256 against the manifest.
     *
     * @throws StateMigrationException naming the first entry that is missing or differs
     */
    public void validate(StateSnapshot snapshot) throws StateMigrationException {
        for (SnapshotEntry e : snapshot.entries()) {
            Path blob = blob(e.sha256());
            String what = "state snapshot " + snapshot.id() + " of loop " + snapshot.loop() + " is corrupt: "
                    + snapshot.store() + " entry '" + e.name() + "' (blob " + e.sha256().substring(0, 12) + ")";
            try (InputStream in = Files.newInputStream(blob)) {
                MessageDigest digest = Sha256.digest();
                long size;
                try (DigestInputStream d = new DigestInputStream(in, digest)) {
                    size = d.transferTo(OutputStream.nullOutputStream());
                }
                String actual = Sha256.hex(digest.digest());
                if (size != e.size() || !actual.equals(e.sha256())) {
                    throw new StateMigrationException(what + " reads " + size + " bytes with SHA-256 "
                            + actual.substring(0, 12) + ", the manifest says " + e.size() + " bytes");
                }
            } catch (NoSuchFileException missing) {
                throw new StateMigrationException(what + " is missing", missing);
            } catch (IOException io) {
                throw new StateMigrationException(what + " cannot be read: " + io, io);
            }
        }
    }

    /** The ids of a loop's finished snapshots (those with a checksum file), oldest first. */
    public List<String> ids(String loop) throws IOException {
        Path dir = root.resolve("snapshots").resolve(loop);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.exists(p.resolve(MANIFEST_SUM)))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    /**
     * The newest snapshot of the loop that {@code matches}.
     *
     * @throws StateMigrationException when a newer manifest cannot be read: it may be the one asked for, and
     *                                 silently taking an older one would restore older state
     */
    public Optional<StateSnapshot> latest(String loop, Predicate<StateSnapshot> matches)
            throws IOException, StateMigrationException {
        List<String> ids = new ArrayList<>(ids(loop));
        ids.sort(Comparator.reverseOrder());
        for (String id : ids) {
            StateSnapshot s = load(loop, id);
            if (matches.test(s)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * Keeps the loop's {@code keep} newest snapshots, deletes the others, then the blobs no remaining snapshot of any
     * loop refers to. When a manifest cannot be read its blobs cannot be known, so no blob is deleted that time.
     *
     * @return the ids deleted
     */
    public List<String> prune(String loop, int keep) throws IOException {
        List<String> ids = ids(loop);
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < ids.size() - keep; i++) {
            deleteTree(snapshotDir(loop, ids.get(i)));
            deleted.add(ids.get(i));
        }
        if (!deleted.isEmpty()) {
            collectGarbage();
        }
        return deleted;
    }

    private void collectGarbage() throws IOException {
        Set<String> referenced = new HashSet<>();
        Path snapshots = root.resolve("snapshots");
        if (Files.isDirectory(snapshots)) {
            try (Stream<Path> loops = Files.list(snapshots)) {
                for (Path loopDir : loops.toList()) {
                    for (String id : ids(loopDir.getFileName().toString())) {
                        try {
                            load(loopDir.getFileName().toString(), id).entries()
                                    .forEach(e -> referenced.add(e.sha256()));
                        } catch (StateMigrationException unreadable) {
                            return;
                        }
                    }
                }
            }
        }
        Path blobs = root.resolve("blobs");
        if (!Files.isDirectory(blobs)) {
            return;
        }
        try (Stream<Path> files = Files.walk(blobs)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (name.length() == 64 && !referenced.contains(name)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
