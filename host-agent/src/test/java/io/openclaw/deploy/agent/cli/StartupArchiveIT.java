package io.openclaw.deploy.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.testing.AgentProcess;
import io.openclaw.deploy.agent.testing.FreePorts;
import io.openclaw.deploy.agent.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, back in control fast: an agent started as the service definitions start it writes its own class-data
 * archive, and the next agent's JVM maps it ({@code -Xshare:on} refuses to start on an archive it cannot use).
 */
class StartupArchiveIT {
    @TempDir
    Path tmp;

    private AgentProcess agent;

    @AfterEach
    void stopEverything() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void theAgentWritesItsArchiveOnceAndTheNextAgentLoadsItsClassesFromIt() throws Exception {
        int ports = FreePorts.block(2);
        agent = AgentProcess.init(tmp.resolve("home"), TestConfigs.withPorts(Duration.ofSeconds(60), ports, ports + 1));
        Path archive = agent.home().root().resolve("cache").resolve("openclaw-agent.jsa");
        Path key = archive.resolveSibling("openclaw-agent.jsa.key");
        agent.useJvmOptions(List.of(StartupArchive.OPTION + archive, "-Dopenclaw.cds.settle=PT0S"));
        agent.start();
        Path log = agent.home().logs().resolve("agent.log");
        await("the agent's logging, set up in code, writes HOME/logs/agent.log").atMost(Duration.ofMinutes(1))
                .until(() -> Files.isRegularFile(log) && Files.readString(log).contains("Back in control in"));

        await().atMost(Duration.ofMinutes(3)).until(() -> Files.isRegularFile(key));
        assertThat(archive).isRegularFile();
        assertThat(Files.readString(key)).contains(AgentProcess.defaultJar().toAbsolutePath().toString());
        assertThat(dumpOutputsNaming(archive)).as("the JDK's dump output is cleaned up").isEmpty();
        long written = Files.getLastModifiedTime(archive).toMillis();
        agent.stop();

        Path classes = tmp.resolve("classes.log");
        agent.useJvmOptions(List.of(StartupArchive.OPTION + archive, "-Xshare:on", "-Dopenclaw.cds.settle=PT0S",
                "-Xlog:class+load=info:file=" + classes));
        agent.start();

        assertThat(Files.readAllLines(classes)).anyMatch(line ->
                line.contains("io.openclaw.deploy.agent.runtime.AgentRuntime source: shared objects file"));
        assertThat(Files.getLastModifiedTime(archive).toMillis()).isEqualTo(written);
    }

    private static List<Path> dumpOutputsNaming(Path archive) throws Exception {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("").toAbsolutePath(), "java_pid*_std*")) {
            for (Path file : files) {
                if (Files.readString(file, StandardCharsets.UTF_8).contains(archive.toString())) {
                    found.add(file);
                }
            }
        }
        return found;
    }
}
