package io.openclaw.deploy.agent.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.config.VerificationSettings;
import io.openclaw.deploy.agent.release.HealthCheck;
import io.openclaw.deploy.agent.supervisor.InstanceSnapshot;
import io.openclaw.deploy.agent.supervisor.InstanceSpec;
import io.openclaw.deploy.agent.supervisor.InstanceState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log output is judged per loop against that loop's own share of error lines before the deployment. */
class LogOutputJudgementTest {
    @TempDir
    Path dir;

    private final LogReader reader = new LogReader(Pattern.compile(VerificationSettings.DEFAULT_LOG_ERROR_PATTERN));
    private final LogTally logs = new LogTally(reader);

    @Test
    void theDefaultPatternFindsErrorLinesAndNotOrdinaryWords() {
        LogBaseline.LogCount c = reader.count(String.join("\n",
                "[gmail/blue] listening on 127.0.0.1:8001",
                "12:00:01 ERROR could not fetch the inbox",
                "java.net.SocketTimeoutException: Read timed out",
                "\tat java.base/java.net.Socket.read(Socket.java:1)",
                "[gmail/blue] background work: 3 ticks, 0 errors so far",
                "SEVERE: the queue is full",
                ""));

        assertThat(c).isEqualTo(new LogBaseline.LogCount(6, 3));
    }

    @Test
    void aLoopMayKeepItsOwnNormalTimesTheFactor() {
        Map<String, LogBaseline.LogCount> before = Map.of("gmail_processor", new LogBaseline.LogCount(1000, 10));

        Finding fine = LogOutputCheck.judge(Map.of("gmail_processor", new LogBaseline.LogCount(200, 4)), before, 2, 0);
        Finding worse = LogOutputCheck.judge(Map.of("gmail_processor", new LogBaseline.LogCount(200, 5)), before, 2, 0);

        assertThat(fine.within()).isTrue();
        assertThat(fine.measured()).isEqualTo("4 error lines in 200 lines since the baseline");
        assertThat(worse.within()).isFalse();
        assertThat(worse.details()).containsExactly(
                "gmail_processor: 5 error lines in 200 lines (normal 1.00 %, allowed 4)");
    }

    @Test
    void aLoopWithoutErrorsBeforeFailsOnItsFirstErrorUnlessAnAllowanceIsGiven() {
        Map<String, LogBaseline.LogCount> now = Map.of("tts_engine", new LogBaseline.LogCount(50, 1));

        assertThat(LogOutputCheck.judge(now, Map.of(), 2, 0).within()).isFalse();
        assertThat(LogOutputCheck.judge(now, Map.of(), 2, 1).within()).isTrue();
    }

    @Test
    void onlyWhatWasWrittenSinceTheBaselineIsRead() throws Exception {
        Path log = Files.writeString(dir.resolve("loop-blue-0.log"), "ERROR old\nERROR old\n");
        long size = Files.size(log);
        Files.writeString(log, "fine\nERROR new\n", java.nio.file.StandardOpenOption.APPEND);

        assertThat(logs.since(log, size)).isEqualTo(new LogBaseline.LogCount(2, 1));
        assertThat(logs.since(log, 0)).isEqualTo(new LogBaseline.LogCount(4, 3));
    }

    @Test
    void aFileRotatedSinceTheBaselineIsReadFromItsStart() throws Exception {
        Path log = Files.writeString(dir.resolve("loop-blue-0.log"), "ERROR after rotation\n");

        assertThat(logs.since(log, 10_000)).isEqualTo(new LogBaseline.LogCount(1, 1));
        assertThat(logs.since(dir.resolve("absent.log"), 0)).isEqualTo(new LogBaseline.LogCount(0, 0));
    }

    @Test
    void theShareBeforeIsReadUpToTheBaselinesLengthLaterOn() throws Exception {
        Path log = Files.writeString(dir.resolve("loop-blue-0.log"), "ERROR old\nfine\nfine\nfine\n");
        long size = Files.size(log);
        Files.writeString(log, "ERROR new\nERROR new\n", java.nio.file.StandardOpenOption.APPEND);

        assertThat(logs.before(log, size)).isEqualTo(new LogBaseline.LogCount(4, 1));
        assertThat(logs.before(log, 0)).as("a file that did not exist then").isEqualTo(
                new LogBaseline.LogCount(0, 0));
        Files.writeString(log, "rotated\n");
        assertThat(logs.before(log, size)).as("rotated since: the lines before are gone").isEqualTo(
                new LogBaseline.LogCount(0, 0));
    }

    @Test
    void theCheckJudgesWhatCameSinceAgainstTheLoopsOwnShareBeforeTheBaseline() throws Exception {
        // Before the baseline the loop wrote one error line in four: two more in eight lines since are its normal.
        InstanceSpec spec = new InstanceSpec("gmail_processor-blue-0", "gmail_processor", "1.0.0", "blue", 0, 9000,
                List.of("x"), Map.of(), dir, HealthCheck.http("/health", Duration.ofSeconds(1)));
        Path log = Files.writeString(dir.resolve(spec.id() + ".log"), "ERROR old\nfine\nfine\nfine\n");
        ServingLoop loop = new ServingLoop("gmail_processor", "1.0.0",
                List.of(new InstanceSnapshot(spec, null, InstanceState.RUNNING, true, 0)), List.of());
        LogBaseline baseline = new LogBaseline(Map.of("gmail_processor", List.of(log)),
                Map.of(LogBaseline.key(log), Files.size(log)));
        LogOutputCheck check = new LogOutputCheck(s -> dir.resolve(s.id() + ".log"), logs, 1, 0);

        Files.writeString(log, "ERROR new\nfine\nfine\nfine\nERROR new\nfine\nfine\nfine\n",
                java.nio.file.StandardOpenOption.APPEND);
        // The share before is read now, after the switch, up to the baseline's length.
        Map<String, LogBaseline.LogCount> before = LogOutputCheck.sharesBefore(baseline, List.of(loop), logs);
        VerificationRun run = new VerificationRun(List.of(loop), baseline, before, () -> null, Map::of);
        Finding normal = check.run(run);
        Files.writeString(log, "ERROR new\n", java.nio.file.StandardOpenOption.APPEND);
        Finding worse = check.run(run);

        assertThat(before).containsExactly(Map.entry("gmail_processor", new LogBaseline.LogCount(4, 1)));
        assertThat(normal.within()).as(normal.details().toString()).isTrue();
        assertThat(normal.measured()).isEqualTo("2 error lines in 8 lines since the baseline");
        assertThat(worse.within()).isFalse();
        assertThat(worse.details()).containsExactly(
                "gmail_processor: 3 error lines in 9 lines (normal 25.00 %, allowed 2)");
    }
}
