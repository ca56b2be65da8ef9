package io.openclaw.deploy.agent.supervisor;

import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs(OS.LINUX)
class ProcPortOwnershipTest {
    private final ProcPortOwnership ownership = new ProcPortOwnership(Path.of("/proc"));

    @Test
    void aPortThisProcessListensOnIsOursAndForeignToAnyOtherProcess() throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = socket.getLocalPort();

            assertThat(ownership.ownerOf(port, ProcessHandle.current())).isEqualTo(PortOwnership.Owner.INSTANCE);
            ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
            assertThat(ownership.ownerOf(port, parent)).as("a child of the process listens").isEqualTo(
                    PortOwnership.Owner.INSTANCE);
            Process unrelated = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                assertThat(ownership.ownerOf(port, unrelated.toHandle())).isEqualTo(PortOwnership.Owner.FOREIGN);
            } finally {
                unrelated.destroyForcibly();
                unrelated.waitFor();
            }
        }
    }

    @Test
    void aPortNobodyListensOnHasNoOwner() {
        assertThat(ownership.ownerOf(freePort(), ProcessHandle.current())).isEqualTo(PortOwnership.Owner.NONE);
    }
}
