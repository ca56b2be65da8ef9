package io.openclaw.deploy.agent.supervisor.windows;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.IPHlpAPI;
import com.sun.jna.ptr.IntByReference;
import io.openclaw.deploy.agent.supervisor.PortOwnership;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Windows: the processes listening on a port, from iphlpapi's {@code GetExtendedTcpTable} with
 * {@code TCP_TABLE_OWNER_PID_LISTENER}, for IPv4 ({@code MIB_TCPTABLE_OWNER_PID}) and IPv6
 * ({@code MIB_TCP6TABLE_OWNER_PID}). Any user may read the table, and it names the owning process id directly (where
 * Linux needs the socket inodes of {@code /proc}).
 */
public final class WindowsPortOwnership implements PortOwnership {
    static final int NO_ERROR = 0;
    static final int ERROR_NOT_SUPPORTED = 50;
    static final int ERROR_INSUFFICIENT_BUFFER = 122;
    /** The table can grow between the call that sizes it and the call that fills it; a few tries are plenty. */
    private static final int ATTEMPTS = 5;

    /** {@code GetExtendedTcpTable} as iphlpapi exports it: the Windows edge, faked on Linux in tests. */
    @FunctionalInterface
    public interface ExtendedTcpTable {
        /** @return a Win32 error code; on {@code ERROR_INSUFFICIENT_BUFFER}, {@code size} holds the bytes needed */
        int get(Pointer table, IntByReference size, boolean order, int addressFamily, int tableClass, int reserved);
    }

    static final String UNAVAILABLE = "port owner check unavailable";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WindowsPortOwnership.class);

    private final ExtendedTcpTable api;
    private volatile boolean warned;

    WindowsPortOwnership(ExtendedTcpTable api) {
        this.api = api;
    }

    /** Backed by the real iphlpapi; loads it only when first used. */
    public static PortOwnership create() {
        return new WindowsPortOwnership((table, size, order, family, tableClass, reserved) ->
                IPHlpAPI.INSTANCE.GetExtendedTcpTable(table, size, order, family, tableClass, reserved));
    }

    @Override
    public Owner ownerOf(int port, ProcessHandle process) {
        Set<Long> owners;
        try {
            owners = listenerPids(port);
        } catch (RuntimeException | LinkageError e) {
            if (!warned) {
                warned = true; // once: the health checks go on deciding alone, as on systems that cannot tell
                LOG.warn("{}: GetExtendedTcpTable failed ({}); health checks do not check who listens", UNAVAILABLE,
                        e.toString());
            }
            return Owner.UNKNOWN;
        }
        if (owners.isEmpty()) {
            return Owner.NONE;
        }
        Set<Long> ours = new HashSet<>();
        Stream.concat(Stream.of(process), process.descendants()).forEach(p -> ours.add(p.pid()));
        return ours.containsAll(owners) ? Owner.INSTANCE : Owner.FOREIGN;
    }

    /** Process ids of the sockets listening on {@code port} on any address, IPv4 and IPv6. */
    Set<Long> listenerPids(int port) {
        Set<Long> pids = new HashSet<>();
        Memory v4 = table(IPHlpAPI.AF_INET);
        if (v4 != null) {
            for (IPHlpAPI.MIB_TCPROW_OWNER_PID row : new IPHlpAPI.MIB_TCPTABLE_OWNER_PID(v4).table) {
                if (row.dwState == IPHlpAPI.MIB_TCP_STATE.MIB_TCP_STATE_LISTEN && port(row.dwLocalPort) == port) {
                    pids.add(Integer.toUnsignedLong(row.dwOwningPid));
                }
            }
        }
        Memory v6 = table(IPHlpAPI.AF_INET6);
        if (v6 != null) {
            for (IPHlpAPI.MIB_TCP6ROW_OWNER_PID row : new IPHlpAPI.MIB_TCP6TABLE_OWNER_PID(v6).table) {
                if (row.State == IPHlpAPI.MIB_TCP_STATE.MIB_TCP_STATE_LISTEN && port(row.dwLocalPort) == port) {
                    pids.add(Integer.toUnsignedLong(row.dwOwningPid));
                }
            }
        }
        return pids;
    }

    /** The port of a row: in network byte order in the low 16 bits of the DWORD (MSDN: use ntohs). */
    static int port(int dwPort) {
        return ((dwPort & 0xff) << 8) | ((dwPort >>> 8) & 0xff);
    }

    /** The listener table of one address family, or null when this family is not installed (no IPv6 stack). */
    private Memory table(int family) {
        IntByReference size = new IntByReference(0);
        int rc = api.get(null, size, false, family, IPHlpAPI.TCP_TABLE_CLASS.TCP_TABLE_OWNER_PID_LISTENER, 0);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (rc == ERROR_NOT_SUPPORTED) {
                return null;
            }
            if (rc != ERROR_INSUFFICIENT_BUFFER && rc != NO_ERROR) {
                throw new IllegalStateException("GetExtendedTcpTable failed, error " + rc);
            }
            if (size.getValue() < Integer.BYTES) {
                return null;
            }
            Memory table = new Memory(size.getValue());
            table.clear();
            rc = api.get(table, size, false, family, IPHlpAPI.TCP_TABLE_CLASS.TCP_TABLE_OWNER_PID_LISTENER, 0);
            if (rc == NO_ERROR) {
                return table;
            }
        }
        throw new IllegalStateException("GetExtendedTcpTable kept asking for a larger buffer");
    }
}
