package io.openclaw.deploy.agent.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.config.VerificationSettings;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the log check remembers of a file spares reading it again, and never changes an answer. */
class LogTallyTest {
    private static final String FINE = "12:00:00.000 INFO  [loop] handled request 12345 in 3 ms, all fine here\n";
    /** As long as {@link #FINE}, so that one can overwrite the other line for line. */
    private static final String ERROR = "12:00:00.000 ERROR [loop] could not reach the mail server, retrying...\n";

    @TempDir
    Path dir;

    private final LogReader reader = new LogReader(Pattern.compile(VerificationSettings.DEFAULT_LOG_ERROR_PATTERN));
    private final LogTally logs = new LogTally(reader);

    @Test
    void whatWasCountedOnceIsNotReadAgain() throws Exception {
        Path log = dir.resolve("gmail_processor-blue-0.log");
        Files.writeString(log, FINE.repeat(20_000)); // 1.4 MB, more than a piece
        long baseline = Files.size(log);
        assertThat(logs.before(log, baseline).errors()).isZero();

        // The same file with error lines where fine lines were counted (same length, same last bytes): a count that
        // read those bytes again would find them.
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
            file.write(ERROR.repeat(10_000).getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(log, ERROR + FINE, StandardOpenOption.APPEND);

        assertThat(logs.before(log, baseline)).isEqualTo(new LogBaseline.LogCount(20_000, 0));
        assertThat(logs.before(log, Files.size(log))).as("only the two lines appended are read")
                .isEqualTo(new LogBaseline.LogCount(20_002, 1));
        assertThat(logs.remembered(log)).isEqualTo(Files.size(log));
        assertThat(new LogTally(reader).before(log, baseline)).as("read afresh").isEqualTo(
                new LogBaseline.LogCount(20_000, 10_000));
    }

    @Test
    void aFileRotatedSinceIsCountedAfresh() throws Exception {
        Path log = dir.resolve("tts_engine-green-0.log");
        Files.writeString(log, FINE.repeat(1_000));
        assertThat(logs.since(log, 0)).isEqualTo(new LogBaseline.LogCount(1_000, 0));

        // Copied and truncated, then written on past the length counted: other bytes where the count ended.
        Files.writeString(log, ERROR.repeat(2_000));

        assertThat(logs.since(log, 0)).isEqualTo(new LogBaseline.LogCount(2_000, 2_000));
        assertThat(logs.before(log, FINE.length() * 1_000L)).isEqualTo(new LogBaseline.LogCount(1_000, 1_000));
    }

    @Test
    void aLineStillBeingWrittenIsCountedButNotRemembered() throws Exception {
        Path log = dir.resolve("stt_engine-blue-0.log");
        Files.writeString(log, FINE + "12:00:01.000 ER");

        assertThat(logs.since(log, 0)).isEqualTo(new LogBaseline.LogCount(2, 0));
        assertThat(logs.remembered(log)).isEqualTo(FINE.length());

        Files.writeString(log, "ROR [loop] the line is complete now\n", StandardOpenOption.APPEND);
        assertThat(logs.since(log, 0)).isEqualTo(new LogBaseline.LogCount(2, 1));
    }

    @Test
    void linesCountedAFewAtATimeAreRememberedAsFewPieces() throws Exception {
        Path log = dir.resolve("heartbeat_monitor-blue-0.log");
        Files.writeString(log, "");
        int lines = 2 * LogReader.PIECE / FINE.length(); // two pieces' worth, one line per look
        for (int i = 0; i < lines; i++) {
            Files.writeString(log, i % 100 == 0 ? ERROR : FINE, StandardOpenOption.APPEND);
            logs.countAhead(log);
        }

        assertThat(logs.pieces(log)).isBetween(2, 3);
        assertThat(logs.remembered(log)).isEqualTo(Files.size(log));
        assertThat(logs.before(log, Files.size(log))).isEqualTo(direct(log, 0, Files.size(log)));
        assertThat(logs.since(log, 0).errors()).isEqualTo((lines + 99) / 100);
    }

    @Test
    void eachCountReadsAtMostTheWindowBeforeItsEnd() throws Exception {
        Path log = dir.resolve("browser_agent-blue-0.log");
        int lines = (int) (LogTally.WINDOW / ERROR.length()) + 5_000;
        Files.writeString(log, ERROR.repeat(5_000) + FINE.repeat(lines - 5_000));
        long size = Files.size(log);

        LogBaseline.LogCount expected = direct(log, size - LogTally.WINDOW, size);
        assertThat(logs.before(log, size)).isEqualTo(expected);
        assertThat(logs.since(log, 0)).isEqualTo(expected);
        assertThat(expected.errors()).as("the error lines at the start lie outside the window").isZero();
    }

    /**
     * Deployments and rollbacks in turn: baselines at line ends, loops appending (sometimes half a line), each answer
     * compared with reading the same bytes at once.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void answersAreThoseOfReadingTheBytesAtOnce(long seed) throws Exception {
        Random random = new Random(seed);
        Path log = dir.resolve("memory_manager-blue-0.log");
        Files.writeString(log, "");
        List<Long> baselines = new ArrayList<>(List.of(0L));
        for (int step = 0; step < 40; step++) {
            StringBuilder more = new StringBuilder();
            int count = random.nextInt(random.nextBoolean() ? 20 : 3_000);
            for (int i = 0; i < count; i++) {
                more.append(switch (random.nextInt(10)) {
                    case 0 -> ERROR;
                    case 1 -> "\r\n";
                    case 2 -> "java.lang.IllegalStateException: step " + step + "\r\n";
                    default -> FINE;
                });
            }
            boolean halfALine = random.nextInt(4) == 0;
            Files.writeString(log, more + (halfALine ? "12:00:00.000 FAT" : ""), StandardOpenOption.APPEND);
            long size = Files.size(log);
            if (!halfALine) {
                baselines.add(size);
            }
            long baseline = baselines.get(random.nextInt(baselines.size()));
            assertThat(logs.since(log, baseline)).as("since %d, step %d", baseline, step)
                    .isEqualTo(direct(log, baseline, size));
            assertThat(logs.before(log, baseline)).as("before %d, step %d", baseline, step)
                    .isEqualTo(direct(log, 0, baseline));
            if (halfALine) {
                Files.writeString(log, "AL the rest of the line\n", StandardOpenOption.APPEND);
            }
        }
    }

    private LogBaseline.LogCount direct(Path log, long from, long to) throws Exception {
        try (FileChannel file = FileChannel.open(log)) {
            byte[] bytes = new byte[(int) (to - from)];
            LogReader.readFully(file, bytes, bytes.length, from);
            return reader.count(new String(Arrays.copyOf(bytes, bytes.length), StandardCharsets.UTF_8));
        }
    }
}
