package io.openclaw.deploy.agent.state;

import io.openclaw.deploy.agent.journal.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A loop's files under {@code <slot data directory>/<state.dir>}. Capture reads each regular file once (a loop that
 * replaces its files by rename is read whole; a file deleted while being read is left out). Replacing a slot's state
 * builds the new directory beside the old one and swaps them, so the new instances never see half a copy.
 */
public final class FileStateStore implements StateStore {
    private final Function<String, Path> slotData;
    private final String dir;

    /**
     * @param slotData a slot's data directory ({@code ${DATA_DIR}})
     * @param dir      the state directory inside it, relative
     */
    public FileStateStore(Function<String, Path> slotData, String dir) {
        this.slotData = slotData;
        this.dir = dir;
    }

    @Override
    public String kind() {
        return "dir";
    }

    Path directory(String slot) {
        return slotData.apply(slot).resolve(dir);
    }

    @Override
    public String where(String slot) {
        return directory(slot).toString();
    }

    @Override
    public List<SnapshotEntry> capture(String slot, SnapshotStore blobs) throws StateMigrationException {
        Path base = directory(slot);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        List<SnapshotEntry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(base)) {
            for (Path file : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                String name = base.relativize(file).toString().replace('\\', '/');
                try (InputStream in = Files.newInputStream(file)) {
                    entries.add(blobs.put(name, in, 0));
                } catch (NoSuchFileException gone) {
                    // Deleted (or renamed over) by the loop since the listing: not part of this state.
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StateMigrationException("could not snapshot the state files in " + base + ": " + e, e);
        }
        return entries;
    }

    @Override
    public void replace(String slot, List<SnapshotEntry> entries, SnapshotStore blobs) throws StateMigrationException {
        Path target = directory(slot);
        Path staging = target.resolveSibling("." + target.getFileName() + ".staging-" + System.nanoTime());
        Path old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
        try {
            Files.createDirectories(staging);
            for (SnapshotEntry e : entries) {
                write(blobs, e, resolveInside(staging, e.name()));
            }
            if (Files.exists(target)) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            SnapshotStore.deleteTree(old);
        } catch (IOException e) {
            throw new StateMigrationException("could not stage the state files into " + target + ": " + e, e);
        } finally {
            try {
                SnapshotStore.deleteTree(staging);
            } catch (IOException ignored) {
                // A leftover staging directory is hidden and replaced by the next staging.
            }
        }
    }

    @Override
    public void apply(String slot, SnapshotDiff diff, SnapshotStore blobs) throws StateMigrationException {
        Path target = directory(slot);
        try {
            for (SnapshotEntry e : diff.changed()) {
                write(blobs, e, resolveInside(target, e.name()));
            }
            for (String name : diff.removed()) {
                Files.deleteIfExists(resolveInside(target, name));
            }
        } catch (IOException e) {
            throw new StateMigrationException("could not copy the last state changes into " + target + ": " + e, e);
        }
    }

    /** A manifest is checked, but a name is still data: it must not lead out of the state directory. */
    private static Path resolveInside(Path base, String name) throws IOException {
        Path p = base.resolve(name).normalize();
        if (!p.startsWith(base.normalize()) || p.equals(base.normalize())) {
            throw new IOException("snapshot entry '" + name + "' is outside the state directory");
        }
        return p;
    }

    /** Through a temporary file and a rename: a running loop reading the file sees the old or the new content. */
    private static void write(SnapshotStore blobs, SnapshotEntry e, Path file) throws IOException {
        try (InputStream in = blobs.open(e)) {
            AtomicFiles.write(file, in);
        }
    }
}
