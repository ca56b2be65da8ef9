package io.openclaw.deploy.agent.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRotatorTest {
    @TempDir
    Path dir;

    @Test
    void leavesASmallLogAlone() throws IOException {
        Path log = dir.resolve("a.log");
        Files.writeString(log, "short");

        assertThat(new LogRotator(100, 3).rotateIfLarger(log)).isFalse();

        assertThat(log).hasContent("short");
        assertThat(LogRotator.rotated(log, 1)).doesNotExist();
    }

    @Test
    void aMissingLogIsNotAnError() throws IOException {
        assertThat(new LogRotator(100, 3).rotateIfLarger(dir.resolve("none.log"))).isFalse();
    }

    @Test
    void keepsTheConfiguredNumberOfFilesNewestFirst() throws IOException {
        Path log = dir.resolve("x-blue-0.log");
        LogRotator rotator = new LogRotator(10, 3);

        for (int round = 1; round <= 5; round++) {
            Files.writeString(log, "round " + round + " ".repeat(20));
            assertThat(rotator.rotateIfLarger(log)).isTrue();
        }

        assertThat(Files.size(log)).isZero();
        assertThat(Files.readString(LogRotator.rotated(log, 1))).startsWith("round 5");
        assertThat(Files.readString(LogRotator.rotated(log, 2))).startsWith("round 4");
        assertThat(Files.readString(LogRotator.rotated(log, 3))).startsWith("round 3");
        assertThat(LogRotator.rotated(log, 4)).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(4);
        }
    }

    @Test
    void aWriterInAppendModeContinuesAtTheStartOfTheTruncatedFile() throws IOException {
        Path log = dir.resolve("held-open.log");
        // Like the loop process: the file stays open in append mode across the rotation.
        try (FileOutputStream writer = new FileOutputStream(log.toFile(), true)) {
            writer.write("x".repeat(50).getBytes(StandardCharsets.UTF_8));
            writer.flush();

            new LogRotator(10, 2).rotateIfLarger(log);
            writer.write("after rotation".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(log).hasContent("after rotation");
        assertThat(LogRotator.rotated(log, 1)).hasContent("x".repeat(50));
    }

    @Test
    void keepingNoFilesJustTruncates() throws IOException {
        Path log = dir.resolve("b.log");
        Files.writeString(log, "y".repeat(50));

        new LogRotator(10, 0).rotateIfLarger(log);

        assertThat(Files.size(log)).isZero();
        assertThat(LogRotator.rotated(log, 1)).doesNotExist();
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThatThrownBy(() -> new LogRotator(0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogRotator(10, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
