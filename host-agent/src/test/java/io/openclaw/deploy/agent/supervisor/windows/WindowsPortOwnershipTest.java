package io.openclaw.deploy.agent.supervisor.windows;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.platform.win32.IPHlpAPI;
import io.openclaw.deploy.agent.supervisor.PortOwnership.Owner;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Windows port owner check over a fake {@code GetExtendedTcpTable}: the IPv4 and IPv6 listener tables as Windows
 * writes them, read through jna-platform's structures, and the decision for the instance's real process tree.
 */
class WindowsPortOwnershipTest {
    private static final int LISTEN = IPHlpAPI.MIB_TCP_STATE.MIB_TCP_STATE_LISTEN;
    private static final int ESTABLISHED = IPHlpAPI.MIB_TCP_STATE.MIB_TCP_STATE_ESTAB;
    private static final long SELF = ProcessHandle.current().pid();

    private final FakeTcpTable windows = new FakeTcpTable();
    private final WindowsPortOwnership ownership = new WindowsPortOwnership(windows);
    private Process child;

    @AfterEach
    void stopChild() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void asksForTheListenersWithTheirOwningProcess() {
        ownership.ownerOf(8001, ProcessHandle.current());
        assertThat(windows.tableClasses).isNotEmpty()
                .containsOnly(IPHlpAPI.TCP_TABLE_CLASS.TCP_TABLE_OWNER_PID_LISTENER);
    }

    @Test
    void theInstanceListeningOnItsPortOnIpv4AndIpv6IsTheInstance() {
        windows.v4.add(new FakeTcpTable.Row(LISTEN, 8001, SELF));
        windows.v6.add(new FakeTcpTable.Row(LISTEN, 8001, SELF));
        windows.v4.add(new FakeTcpTable.Row(LISTEN, 8002, 4242));

        assertThat(ownership.ownerOf(8001, ProcessHandle.current())).isEqualTo(Owner.INSTANCE);
    }

    @Test
    void aListenerOfTheInstancesChildCountsAsTheInstance() throws Exception {
        child = new ProcessBuilder("sleep", "60").start();
        windows.v4.add(new FakeTcpTable.Row(LISTEN, 8001, child.pid()));

        assertThat(ownership.ownerOf(8001, ProcessHandle.current())).isEqualTo(Owner.INSTANCE);
        assertThat(ownership.ownerOf(8001, child.toHandle())).isEqualTo(Owner.INSTANCE);
    }

    @Test
    void anotherProcessListeningOnThePortOnIpv6IsForeign() {
        windows.v4.add(new FakeTcpTable.Row(LISTEN, 8001, SELF));
        windows.v6.add(new FakeTcpTable.Row(LISTEN, 8001, 4242));

        assertThat(ownership.ownerOf(8001, ProcessHandle.current())).isEqualTo(Owner.FOREIGN);
    }

    @Test
    void aProcessListeningOnThePortWhileTheInstanceDoesNotIsForeign() throws Exception {
        child = new ProcessBuilder("sleep", "60").start();
        windows.v4.add(new FakeTcpTable.Row(LISTEN, 8001, SELF));

        assertThat(ownership.ownerOf(8001, child.toHandle())).as("the instance's parent is not the instance")
                .isEqualTo(Owner.FOREIGN);
    }

    @Test
    void theTablesPortIsInNetworkByteOrder() {
        // 8001 is 0x1F41; a reading in host byte order would see 0x411F (16671).
        windows.v4.add(new FakeTcpTable.Row(LISTEN, 16671, 4242));

        assertThat(ownership.ownerOf(8001, ProcessHandle.current())).isEqualTo(Owner.NONE);
        assertThat(ownership.ownerOf(16671, ProcessHandle.current())).isEqualTo(Owner.FOREIGN);
        assertThat(WindowsPortOwnership.port(0x411F)).isEqualTo(8001);
    }

    @Test
    void nothingListeningOnThePortIsNone() {
        windows.v4.add(new FakeTcpTable.Row(ESTABLISHED, 8001, 4242));
        windows.v4.add(new FakeTcpTable.Row(LISTEN, 8002, 4242));

        assertThat(ownership.ownerOf(8001, ProcessHandle.current())).isEqualTo(Owner.NONE);
    }

    @Test
    void aTableThatGrowsBetweenSizingAndFillingIsReadWhole() {
        windows.growBeforeFill.add(new FakeTcpTable.Row(LISTEN, 8001, 4242));

        assertThat(ownership.ownerOf(8001, ProcessHandle.current())).isEqualTo(Owner.FOREIGN);
    }

    @Test
    void withoutAnIpv6StackTheIpv4TableDecides() {
        windows.v6Error = WindowsPortOwnership.ERROR_NOT_SUPPORTED;
        windows.v4.add(new FakeTcpTable.Row(LISTEN, 8001, SELF));

        assertThat(ownership.ownerOf(8001, ProcessHandle.current())).isEqualTo(Owner.INSTANCE);
    }

    @Test
    void aFailingCallCannotTell() {
        windows.error = 87; // ERROR_INVALID_PARAMETER

        assertThat(ownership.ownerOf(8001, ProcessHandle.current())).isEqualTo(Owner.UNKNOWN);
    }
}
