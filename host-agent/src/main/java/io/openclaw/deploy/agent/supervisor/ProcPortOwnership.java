package io.openclaw.deploy.agent.supervisor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Linux: the listening sockets of a port from {@code /proc/net/tcp} and {@code /proc/net/tcp6} (state {@code 0A} is
 * LISTEN; the inode identifies the socket), and the sockets a process holds from the {@code socket:[inode]} links
 * under {@code /proc/<pid>/fd}. Only the instance's own process tree is read, which the agent's user may always do.
 */
final class ProcPortOwnership implements PortOwnership {
    private static final String LISTEN = "0A";

    private final Path proc;

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
            return Owner.NONE;
        }
        Set<String> ours = new HashSet<>();
        Stream.concat(Stream.of(process), process.descendants()).forEach(p -> ours.addAll(socketInodes(p.pid())));
        return ours.containsAll(listeners) ? Owner.INSTANCE : Owner.FOREIGN;
    }

    /** Inodes of the sockets listening on {@code port} on any address, IPv4 and IPv6. */
    Set<String> listeningInodes(int port) throws IOException {
        Set<String> inodes = new HashSet<>();
        String portHex = String.format(":%04X", port);
        for (String table : List.of("tcp", "tcp6")) {
            Path file = proc.resolve("net").resolve(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                // Under load the table holds thousands of connections: only a line naming the port is split.
                if (!line.contains(portHex)) {
                    continue;
                }
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals(LISTEN) && f[1].toUpperCase(Locale.ROOT).endsWith(portHex)) {
                    inodes.add(f[9]);
                }
            }
        }
        return inodes;
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
