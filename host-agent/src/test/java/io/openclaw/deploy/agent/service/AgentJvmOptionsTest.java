package io.openclaw.deploy.agent.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The launchers give serve and service the same memory bounds as an installed service. */
class AgentJvmOptionsTest {
    private static final Path BIN = Path.of("src", "dist", "bin");

    @Test
    void theShellLauncherGivesTheServerCommandsTheServiceOptions() throws IOException {
        String launcher = Files.readString(BIN.resolve("openclaw-agent"));
        assertThat(launcher).contains("server_opts=\"" + String.join(" ", AgentJvmOptions.SERVER) + "\"");
    }

    @Test
    void theWindowsLauncherGivesTheServerCommandsTheServiceOptions() throws IOException {
        String launcher = Files.readString(BIN.resolve("openclaw-agent.cmd"));
        assertThat(launcher).contains("set \"SERVER_OPTS=" + String.join(" ", AgentJvmOptions.SERVER) + "\"");
    }

    @Test
    void theHeapAndTheDirectMemoryAreBounded() {
        assertThat(AgentJvmOptions.SERVER).anyMatch(o -> o.startsWith("-Xmx"))
                .anyMatch(o -> o.startsWith("-XX:MaxDirectMemorySize="));
    }
}
