package io.openclaw.deploy.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
    @TempDir
    Path dir;

    @Test
    void givesTheLastLinesOfALargeLogOnOneLine() throws IOException {
        Path log = dir.resolve("router.log");
        Files.writeString(log, IntStream.rangeClosed(1, 10_000).mapToObj(i -> "line " + i)
                .collect(Collectors.joining("\n", "", "\n\n")));

        assertThat(LogTail.lastLines(log, 3)).isEqualTo("line 9998 | line 9999 | line 10000");
    }

    @Test
    void saysWhenThereIsNothingToShow() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.log"));

        assertThat(LogTail.lastLines(empty, 3)).isEqualTo("(nothing)");
        assertThat(LogTail.lastLines(dir.resolve("missing.log"), 3)).startsWith("(cannot read it: ");
    }
}
