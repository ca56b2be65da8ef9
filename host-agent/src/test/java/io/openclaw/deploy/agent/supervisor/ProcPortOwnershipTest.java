package io.openclaw.deploy.agent.supervisor;

import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.freePort;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.javaCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
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

    /**
     * The owner found once is remembered by its listening socket: a process that listens on the port afterwards has a
     * socket of its own and is found out, although the remembered owner's pid is asked about again.
     */
    @Test
    void aPortTakenOverAfterItsOwnerWasConfirmedBelongsToTheNewListener() throws Exception {
        int port = freePort();
        Process first = startLoop(port);
        try {
            awaitHealthy(port);
            assertThat(ownership.ownerOf(port, first.toHandle())).isEqualTo(PortOwnership.Owner.INSTANCE);
            assertThat(ownership.ownerOf(port, first.toHandle())).as("asked again")
                    .isEqualTo(PortOwnership.Owner.INSTANCE);
        } finally {
            first.destroyForcibly();
            first.waitFor();
        }
        Process second = startLoop(port);
        try {
            // Not asked in between: the first answer after the takeover must not come from what was remembered.
            awaitHealthy(port);
            assertThat(ownership.ownerOf(port, first.toHandle())).isEqualTo(PortOwnership.Owner.FOREIGN);
            assertThat(ownership.ownerOf(port, second.toHandle())).isEqualTo(PortOwnership.Owner.INSTANCE);
            assertThat(ownership.ownerOf(port, first.toHandle())).as("the first one, asked again")
                    .isEqualTo(PortOwnership.Owner.FOREIGN);
        } finally {
            second.destroyForcibly();
            second.waitFor();
        }
    }

    private static Process startLoop(int port) throws IOException {
        return new ProcessBuilder(javaCommand(port)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void awaitHealthy(int port) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /** The tables are read only as far as their listeners: a listener opened after connections is still found. */
    @Test
    void aListenerOpenedAfterConnectionsIsFound() throws Exception {
        try (ServerSocket first = new ServerSocket()) {
            first.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), first.getLocalPort());
                    Socket accepted = first.accept();
                    ServerSocket later = new ServerSocket()) {
                later.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

                assertThat(ownership.listeningInodes(later.getLocalPort())).hasSize(1);
                assertThat(ownership.ownerOf(later.getLocalPort(), ProcessHandle.current()))
                        .isEqualTo(PortOwnership.Owner.INSTANCE);
                assertThat(ownership.listeningInodes(client.getLocalPort())).as("a connection's port").isEmpty();
            }
        }
    }

    @Test
    void aPortNobodyListensOnHasNoOwner() {
        assertThat(ownership.ownerOf(freePort(), ProcessHandle.current())).isEqualTo(PortOwnership.Owner.NONE);
    }
}
