package io.openclaw.deploy.agent.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.openclaw.deploy.agent.config.VerificationSettings;
import io.openclaw.deploy.agent.release.HealthCheck;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import io.openclaw.deploy.agent.supervisor.InstanceState;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the instances log is counted as they go, so that a verification finds it counted. */
class LogCountingAheadTest {
    @TempDir
    Path dir;

    @Test
    void eachInstancesLogIsCountedAsItGrows() throws Exception {
        InstanceSpec spec = new InstanceSpec("cron_scheduler-blue-0", "cron_scheduler", "1.0.0", "blue", 0, 9000,
                List.of("x"), Map.of(), dir, HealthCheck.http("/health", Duration.ofSeconds(1)));
        Path log = Files.writeString(dir.resolve(spec.id() + ".log"), "started\ntick 1\n");
        InstanceSnapshot instance = new InstanceSnapshot(spec, null, InstanceState.RUNNING, true, 0);
        try (Verifier verifier = new Verifier(VerificationSettings.DEFAULTS, null, () -> URI.create("http://x/"), dir,
                s -> dir.resolve(s.id() + ".log"), () -> "", Clock.systemUTC())) {
            verifier.countLogsAhead(() -> List.of(instance), Duration.ofMillis(20));

            await().atMost(Duration.ofSeconds(30)).until(() -> verifier.counted(log) == Files.size(log));
            Files.writeString(log, "tick 2\ntick 3 (still being writ", StandardOpenOption.APPEND);
            await().atMost(Duration.ofSeconds(30)).until(() -> verifier.counted(log) == Files.size(log)
                    - "tick 3 (still being writ".length());
        }
    }
}
