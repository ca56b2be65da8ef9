package io.openclaw.deploy.agent.supervisor;

import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.freePort;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.settings;
import static io.openclaw.deploy.agent.supervisor.SampleLoopFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Periodic copy-truncate rotation of the log of a process that keeps writing. */
@DisabledOnOs(OS.WINDOWS) // the chatty process is a shell loop
class SupervisorLogRotationTest {
    @TempDir
    Path home;

    private Supervisor supervisor;
    private ProcessHandle process;

    @AfterEach
    void cleanUp() {
        supervisor.close();
        if (process != null) {
            SampleLoopFixture.killTree(process);
        }
    }

    @Test
    void aGrowingLogIsRotatedWhileTheProcessRunsKeepingTheConfiguredNumberOfFiles() throws Exception {
        supervisor = new Supervisor(settings(), home.resolve("logs"), new EventRecorder(), new ProcessHandleControl(),
                Duration.ofMillis(100));
        // About 2 KB every 20 ms against a 4 KB limit: a rotation at nearly every period.
        String chatter = "while true; do printf '%02000d\\n' 0; sleep 0.02; done";
        InstanceSpec spec = spec(0, freePort(), List.of("sh", "-c", chatter), Map.of(), home);
        process = ProcessHandle.of(supervisor.start(spec).pid()).orElseThrow();
        Path log = supervisor.logFile(spec);

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(LogRotator.rotated(log, 3)));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.size(log) > 0); // still writing after truncation

        assertThat(process.isAlive()).isTrue();
        assertThat(LogRotator.rotated(log, 4)).doesNotExist();
        try (Stream<Path> files = Files.list(log.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .allMatch(name -> name.matches("x-blue-0\\.log(\\.[123])?"));
        }
        // Append mode: after a truncation the writer starts at 0 again instead of leaving a hole of NUL bytes.
        assertThat(Files.readAllBytes(LogRotator.rotated(log, 1))).doesNotContain((byte) 0);
    }
}
