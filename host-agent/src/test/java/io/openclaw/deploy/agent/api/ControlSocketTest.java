package io.openclaw.deploy.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.protocol.AgentAuthenticationException;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentEndpoint;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.AgentUnreachableException;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.RollbackRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control API on its Unix domain socket, for clients on this host: the real server and client, a real socket in a
 * temporary agent home. Only the agent's user can open it, and the token is required there as on the TLS port.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX modes are what is checked; Windows relies on the home's ACLs")
class ControlSocketTest {
    @TempDir
    Path home;

    private final RecordingOperations operations = new RecordingOperations();
    private final String token = ApiToken.generate();
    private ControlServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Path socket() {
        return home.resolve("run").resolve("control.sock");
    }

    private ControlServer start() throws Exception {
        server = new ControlServer("127.0.0.1", 0, ApiFixture.TLS, ApiToken.of(token), operations)
                .withLocalSocket(socket()).start();
        return server;
    }

    @Test
    void servesTheApiOnAnOwnerOnlySocketWithoutTls() throws Exception {
        start();

        try (AgentClient client = new AgentClient(AgentEndpoint.overLocalSocket(socket(), token))) {
            AgentStatus status = client.status();
            Deployment rollback = client.rollback(new RollbackRequest(null, "over the socket"));

            assertThat(status.release()).isEqualTo("1.4.2");
            assertThat(status.fingerprint()).isEqualTo(server.fingerprint());
            assertThat(rollback.id()).isNotBlank();
            assertThat(operations.calls).anyMatch(c -> c.startsWith("rollback to=null reason=over the socket by="));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket().getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket()))).isEqualTo("rw-------");
    }

    @Test
    void requiresTheTokenThereToo() throws Exception {
        start();

        try (AgentClient wrong = new AgentClient(AgentEndpoint.overLocalSocket(socket(), "not-the-token"))) {
            assertThatThrownBy(wrong::status).isInstanceOf(AgentAuthenticationException.class);
        }
        assertThat(operations.calls).isEmpty();
    }

    @Test
    void replacesTheFileAKilledAgentLeftAndRemovesItsOwnOnClose() throws Exception {
        Files.createDirectories(socket().getParent());
        Files.writeString(socket(), "left by an agent that was killed");

        start();
        try (AgentClient client = new AgentClient(AgentEndpoint.overLocalSocket(socket(), token))) {
            assertThat(client.status().release()).isEqualTo("1.4.2");
        }
        server.close();
        server = null;

        assertThat(socket()).doesNotExist();
    }

    @Test
    void aClientNamesTheSocketWhenNoAgentListens() throws Exception {
        start();
        server.close();
        server = null;
        Files.createFile(socket()); // what a killed agent leaves: a name nobody listens on

        try (AgentClient client = new AgentClient(AgentEndpoint.overLocalSocket(socket(), token))) {
            assertThatThrownBy(client::status)
                    .isInstanceOf(AgentUnreachableException.class)
                    .hasMessageStartingWith("could not connect to the agent at unix:" + socket())
                    .hasMessageEndingWith("(is the agent running?)");
        }
    }
}
