package io.openclaw.deploy.agent.supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Linux: the listening sockets of a port from {@code /proc/net/tcp} and {@code /proc/net/tcp6} (state {@code 0A} is
 * LISTEN; the inode identifies the socket), and the sockets a process holds from the {@code socket:[inode]} links
 * under {@code /proc/<pid>/fd}. Only the instance's own process tree is read, which the agent's user may always do.
 */
final class ProcPortOwnership implements PortOwnership {
    private static final String LISTEN = "0A";
    private static final String OPEN_REQUEST = "03";
    /** Bytes per read of a table: a few of its lines (about 150 bytes each), so the kernel writes little more. */
    private static final int LISTENER_READ = 1024;

    private final Path proc;
    /** Per port, the listening sockets last found to be the instance's own (see {@link #ownerOf}). */
    private final Map<Integer, Confirmed> confirmed = new ConcurrentHashMap<>();

    private record Confirmed(long pid, Set<String> inodes) {}

    ProcPortOwnership(Path proc) {
        this.proc = proc;
    }

    @Override
    public Owner ownerOf(int port, ProcessHandle process) {
        Set<String> listeners;
        try {
            listeners = listeningInodes(port);
        } catch (IOException | RuntimeException e) {
            return Owner.UNKNOWN;
        }
        if (listeners.isEmpty()) {
            confirmed.remove(port);
            return Owner.NONE;
        }
        // A socket's inode names that one socket while it is open: another process listening on the port would have
        // opened a socket of its own, with another inode. So sockets already found in the instance's tree are still
        // its own, and the tree is not walked again (every process's stat and every descriptor of the tree: about 20
        // ms of CPU per check; with 30 instances checked every 2 s, more than a quarter of a core).
        Confirmed known = confirmed.get(port);
        if (known != null && known.pid() == process.pid() && known.inodes().containsAll(listeners)) {
            return Owner.INSTANCE;
        }
        Set<String> ours = new HashSet<>();
        Stream.concat(Stream.of(process), process.descendants()).forEach(p -> ours.addAll(socketInodes(p.pid())));
        if (ours.containsAll(listeners)) {
            confirmed.put(port, new Confirmed(process.pid(), Set.copyOf(listeners)));
            return Owner.INSTANCE;
        }
        confirmed.remove(port);
        return Owner.FOREIGN;
    }

    /**
     * Inodes of the sockets listening on {@code port} on any address, IPv4 and IPv6.
     *
     * <p>Each table is read only as far as its listeners: the kernel writes the listening sockets first, then the
     * connections, and makes the text only as far as it is read. Reading a table whole walks the kernel's whole
     * connection hash table, about a millisecond of kernel time per table on every health check; its listeners are a
     * few small reads. (Kernels before 4.4 list open requests, state {@code 03}, among the listeners: read past those.)
     */
    Set<String> listeningInodes(int port) throws IOException {
        Set<String> inodes = new HashSet<>();
        String portHex = String.format(":%04X", port);
        for (String table : List.of("tcp", "tcp6")) {
            Path file = proc.resolve("net").resolve(table);
            if (Files.isReadable(file)) {
                readListeners(file, portHex, inodes);
            }
        }
        return inodes;
    }

    private static void readListeners(Path table, String portHex, Set<String> inodes) throws IOException {
        byte[] chunk = new byte[LISTENER_READ];
        StringBuilder line = new StringBuilder();
        boolean heading = true;
        try (InputStream in = Files.newInputStream(table)) {
            for (int n = in.read(chunk); n > 0; n = in.read(chunk)) {
                for (int i = 0; i < n; i++) {
                    if (chunk[i] != '\n') {
                        line.append((char) chunk[i]);
                        continue;
                    }
                    if (!heading) {
                        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                        String[] f = line.toString().trim().split("\\s+");
                        if (f.length > 9 && !f[3].equals(LISTEN) && !f[3].equals(OPEN_REQUEST)) {
                            return; // the connections begin
                        }
                        if (f.length > 9 && f[3].equals(LISTEN) && f[1].toUpperCase(Locale.ROOT).endsWith(portHex)) {
                            inodes.add(f[9]);
                        }
                    }
                    heading = false;
                    line.setLength(0);
                }
            }
        }
    }

    /** Inodes of the sockets process {@code pid} holds; empty when it is gone or cannot be read. */
    private Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve(Long.toString(pid)).resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && target.endsWith("]")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed since it was listed
                }
            }
        } catch (IOException e) {
            // the process is gone, or not ours to read
        }
        return inodes;
    }
}
