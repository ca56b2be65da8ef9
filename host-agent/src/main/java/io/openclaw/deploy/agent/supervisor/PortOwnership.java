package io.openclaw.deploy.agent.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who listens on an instance's port. A health check proves only that something answers on the port; when a foreign
 * process holds it (a second agent, an orphaned loop), the instance's own listener never came up, yet the check passes
 * and a deployment succeeds on a process it did not start (issue 12). Where the operating system tells the owner of a
 * listening socket, the supervisor counts a check as passed only when the instance itself (or its child) listens.
 */
interface PortOwnership {

    enum Owner {
        /** Every listener on the port belongs to the instance's process or a descendant of it. */
        INSTANCE,
        /** A listener on the port belongs to another process. */
        FOREIGN,
        /** Nothing listens on the port. */
        NONE,
        /** This platform cannot tell (the health check alone decides). */
        UNKNOWN
    }

    /** @param process the instance's process (its descendants count as the instance) */
    Owner ownerOf(int port, ProcessHandle process);

    /**
     * Linux reads {@code /proc}; other systems cannot tell yet. On Windows the owner of a listening socket is in
     * {@code GetExtendedTcpTable} (iphlpapi, TCP_TABLE_OWNER_PID_LISTENER), which JNA can call; not done yet, see
     * docs/supervisor.md.
     */
    static PortOwnership forThisSystem() {
        Path proc = Path.of("/proc");
        if (Files.isReadable(proc.resolve("net").resolve("tcp")) && Files.isDirectory(proc.resolve("self").resolve("fd"))) {
            return new ProcPortOwnership(proc);
        }
        return (port, process) -> Owner.UNKNOWN;
    }
}
