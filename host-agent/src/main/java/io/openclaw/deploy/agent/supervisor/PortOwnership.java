package io.openclaw.deploy.agent.supervisor;

import io.openclaw.deploy.agent.supervisor.windows.WindowsPortOwnership;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Who listens on an instance's port. A health check proves only that something answers on the port; when a foreign
 * process holds it (a second agent, an orphaned loop), the instance's own listener never came up, yet the check passes
 * and a deployment succeeds on a process it did not start (issue 12). Where the operating system tells the owner of a
 * listening socket, the supervisor counts a check as passed only when the instance itself (or its child) listens.
 */
public interface PortOwnership {

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
     * Linux reads {@code /proc}; Windows asks iphlpapi's {@code GetExtendedTcpTable} for the listeners and their
     * owning process ids; other systems cannot tell (the health check alone decides).
     */
    static PortOwnership forThisSystem() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return WindowsPortOwnership.create();
        }
        Path proc = Path.of("/proc");
        if (Files.isReadable(proc.resolve("net").resolve("tcp")) && Files.isDirectory(proc.resolve("self").resolve("fd"))) {
            return new ProcPortOwnership(proc);
        }
        return (port, process) -> Owner.UNKNOWN;
    }
}
