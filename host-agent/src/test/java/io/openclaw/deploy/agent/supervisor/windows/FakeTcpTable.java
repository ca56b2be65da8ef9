package io.openclaw.deploy.agent.supervisor.windows;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.IPHlpAPI;
import com.sun.jna.ptr.IntByReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for iphlpapi's {@code GetExtendedTcpTable} on Linux: writes {@code MIB_TCPTABLE_OWNER_PID} and
 * {@code MIB_TCP6TABLE_OWNER_PID} as Windows lays them out (a DWORD count, then rows of DWORDs in the machine's byte
 * order with the port in network byte order), and asks for a larger buffer first, as Windows does.
 */
final class FakeTcpTable implements WindowsPortOwnership.ExtendedTcpTable {
    /** The SDK's sizes, written down here rather than taken from the class under test. */
    static final int V4_ROW = 24;
    static final int V6_ROW = 56;

    record Row(int state, int port, long pid) {}

    final List<Row> v4 = new CopyOnWriteArrayList<>();
    final List<Row> v6 = new CopyOnWriteArrayList<>();
    /** Rows added to IPv4 between the sizing call and the filling call, once (a listener opened meanwhile). */
    final List<Row> growBeforeFill = new CopyOnWriteArrayList<>();
    volatile int v6Error = WindowsPortOwnership.NO_ERROR;
    volatile int error = WindowsPortOwnership.NO_ERROR;
    final List<Integer> tableClasses = new CopyOnWriteArrayList<>();

    @Override
    public int get(Pointer table, IntByReference size, boolean order, int family, int tableClass, int reserved) {
        tableClasses.add(tableClass);
        if (error != WindowsPortOwnership.NO_ERROR) {
            return error;
        }
        if (family == IPHlpAPI.AF_INET6 && v6Error != WindowsPortOwnership.NO_ERROR) {
            return v6Error;
        }
        boolean ipv6 = family == IPHlpAPI.AF_INET6;
        if (table != null && !ipv6 && !growBeforeFill.isEmpty()) {
            v4.addAll(growBeforeFill);
            growBeforeFill.clear();
        }
        List<Row> rows = ipv6 ? v6 : v4;
        int needed = Integer.BYTES + rows.size() * (ipv6 ? V6_ROW : V4_ROW);
        if (table == null || size.getValue() < needed) {
            size.setValue(needed);
            return WindowsPortOwnership.ERROR_INSUFFICIENT_BUFFER;
        }
        table.setInt(0, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            int networkPort = ((row.port() & 0xff) << 8) | ((row.port() >>> 8) & 0xff);
            if (ipv6) {
                long at = Integer.BYTES + (long) i * V6_ROW;
                table.setInt(at + 20, networkPort); // after ucLocalAddr[16] and dwLocalScopeId
                table.setInt(at + 48, row.state()); // after the remote address, scope id and port
                table.setInt(at + 52, (int) row.pid());
            } else {
                long at = Integer.BYTES + (long) i * V4_ROW;
                table.setInt(at, row.state());
                table.setInt(at + 4, 0x0100007f); // 127.0.0.1
                table.setInt(at + 8, networkPort);
                table.setInt(at + 20, (int) row.pid());
            }
        }
        return WindowsPortOwnership.NO_ERROR;
    }
}
