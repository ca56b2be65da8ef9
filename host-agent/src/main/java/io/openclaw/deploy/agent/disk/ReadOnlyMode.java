package io.openclaw.deploy.agent.disk;

import io.openclaw.deploy.agent.DiskFullException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's read-only mode on a full disk (issue 12: a full disk kept the agent from starting while its loops ran
 * unrouted). While the home's file system takes no write, the agent still adopts and routes what is deployed and
 * reports its status, and refuses every change ({@code disk-full}, HTTP 507) before it starts, so that nothing is left
 * half done. It enters the mode when a write fails for want of space, and leaves it by itself: the next change asked
 * for, or a status call once space shows free, first tries a real write ({@link #probe()}).
 */
public final class ReadOnlyMode {
    private static final Logger LOG = LoggerFactory.getLogger(ReadOnlyMode.class);
    /** What a probe writes: enough for a journal entry or a flag revision, small next to any artifact. */
    static final int PROBE_BYTES = 64 * 1024;
    private static final String PROBE_FILE = ".disk-probe";

    private final Path dir;
    private final List<Runnable> whenWritable = new CopyOnWriteArrayList<>();
    private volatile boolean active;

    /** @param dir a directory of the home (its state directory), where the probe file is written and removed */
    public ReadOnlyMode(Path dir) {
        this.dir = dir;
    }

    /** Whether the agent is in read-only mode now. */
    public boolean active() {
        return active;
    }

    /** Bytes the agent may still write on the home's file system; -1 when the system does not say. */
    public long freeBytes() {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Runs {@code action} each time the agent leaves read-only mode (e.g. to journal what it kept in memory). */
    public void whenWritable(Runnable action) {
        whenWritable.add(action);
    }

    /**
     * Writes, forces and removes a probe file: enters read-only mode when the disk refuses it for want of space,
     * leaves it when the disk takes it.
     *
     * @return whether the disk takes writes
     */
    public synchronized boolean probe() {
        Path file = dir.resolve(PROBE_FILE);
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer zeros = ByteBuffer.allocate(PROBE_BYTES);
                while (zeros.hasRemaining()) {
                    channel.write(zeros);
                }
                channel.force(true);
            }
        } catch (IOException e) {
            if (DiskFullException.isDiskFull(e)) {
                enter(e);
                return false;
            }
            // Not a question of space (permissions, a vanished directory): the writes themselves will say.
            LOG.debug("disk probe in {} failed: {}", dir, e.toString());
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debug("cannot remove the disk probe {}: {}", file, e.toString());
            }
        }
        leave();
        return true;
    }

    /** Enters read-only mode because {@code cause} (a write) failed for want of space. */
    public synchronized void enter(Throwable cause) {
        if (!active) {
            active = true;
            LOG.error("The disk of the agent home is full ({} bytes free): read-only mode. The agent serves and reports"
                    + " what is deployed and refuses deployments, uploads and other changes until space is freed ({})",
                    freeBytes(), cause == null ? "at start-up" : cause.toString());
        }
    }

    private void leave() {
        boolean left;
        synchronized (this) {
            left = active;
            active = false;
        }
        if (left) {
            LOG.info("Space is free again on the disk of the agent home ({} bytes): read-only mode ends", freeBytes());
            for (Runnable action : whenWritable) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.warn("After read-only mode: {}", e.toString());
                }
            }
        }
    }

    /** For status: leaves read-only mode once space shows free and a probe passes. */
    public void refresh() {
        if (active && freeBytes() > PROBE_BYTES) {
            probe();
        }
    }

    /**
     * Refuses {@code what} while the disk is full: in read-only mode a probe decides first, so the first change asked
     * for once space is back goes through.
     *
     * @throws DiskFullException when the disk still takes no write
     */
    public void requireWritable(String what) {
        if (active && !probe()) {
            throw DiskFullException.refusing(what, null);
        }
    }

    /**
     * Runs a change: refused in read-only mode; a failure for want of space enters read-only mode and is answered as
     * {@code disk-full}.
     */
    public <T> T change(String what, Supplier<T> action) {
        requireWritable(what);
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw failed(what, e);
        }
    }

    /** Turns a failed write into {@code disk-full} (and enters read-only mode) when space was the reason. */
    public RuntimeException failed(String what, RuntimeException e) {
        if (!DiskFullException.isDiskFull(e)) {
            return e;
        }
        if (!(e instanceof DiskFullException) || e.getCause() != null) {
            enter(e); // a write failed; a refusal made in advance (an upload too large for the space left) did not
        }
        return e instanceof DiskFullException ? e : DiskFullException.refusing(what, e);
    }
}
