package io.openclaw.deploy.agent.supervisor.windows;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.IPHlpAPI;
import com.sun.jna.ptr.IntByReference;
import io.openclaw.deploy.agent.supervisor.PortOwnership;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(WindowsPortOwnership.class);

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

    /**
     * Process ids of the sockets listening on {@code port} on any address, IPv4 and IPv6. The rows are read at the
     * offsets of the SDK's {@code MIB_TCPROW_OWNER_PID} and {@code MIB_TCP6ROW_OWNER_PID} (jna-platform's
     * {@code IPHlpAPI} structures have the same fields, but instantiating them loads iphlpapi, so not on Linux).
     */
    Set<Long> listenerPids(int port) {
        Set<Long> pids = new HashSet<>();
        read(table(IPHlpAPI.AF_INET), V4_ROW, V4_STATE, V4_LOCAL_PORT, V4_PID, port, pids);
        read(table(IPHlpAPI.AF_INET6), V6_ROW, V6_STATE, V6_LOCAL_PORT, V6_PID, port, pids);
        return pids;
    }

    // MIB_TCPROW_OWNER_PID: dwState, dwLocalAddr, dwLocalPort, dwRemoteAddr, dwRemotePort, dwOwningPid.
    static final int V4_ROW = 24;
    private static final int V4_STATE = 0;
    private static final int V4_LOCAL_PORT = 8;
    private static final int V4_PID = 20;
    // MIB_TCP6ROW_OWNER_PID: ucLocalAddr[16], dwLocalScopeId, dwLocalPort, ucRemoteAddr[16], dwRemoteScopeId,
    // dwRemotePort, dwState, dwOwningPid.
    static final int V6_ROW = 56;
    private static final int V6_STATE = 48;
    private static final int V6_LOCAL_PORT = 20;
    private static final int V6_PID = 52;

    /** Adds the owners of the table's listeners on {@code port}; the rows follow the DWORD count, DWORD-aligned. */
    private static void read(Memory table, int rowSize, int state, int localPort, int pid, int port, Set<Long> pids) {
        if (table == null) {
            return;
        }
        long rows = Integer.toUnsignedLong(table.getInt(0));
        if (Integer.BYTES + rows * rowSize > table.size()) {
            throw new IllegalStateException("GetExtendedTcpTable answered " + rows + " rows in " + table.size() + " bytes");
        }
        for (long i = 0; i < rows; i++) {
            long row = Integer.BYTES + i * rowSize;
            if (table.getInt(row + state) == IPHlpAPI.MIB_TCP_STATE.MIB_TCP_STATE_LISTEN
                    && port(table.getInt(row + localPort)) == port) {
                pids.add(Integer.toUnsignedLong(table.getInt(row + pid)));
            }
        }
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
