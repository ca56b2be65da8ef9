package io.openclaw.deploy.agent.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staging directory's rename while a scanner holds its files (issue 15, item 8). */
class PatientRenameTest {
    @TempDir
    Path releases;

    private final List<Duration> pauses = new ArrayList<>();

    private PatientRename failing(int times, java.io.IOException failure) {
        int[] attempts = {0};
        return new PatientRename((from, to) -> {
            if (attempts[0]++ < times) {
                throw failure;
            }
            Files.move(from, to);
        }, pauses::add, PatientRename.BUDGET);
    }

    @Test
    void accessDeniedWhileAScannerHoldsTheFilesIsWaitedOutWithGrowingPauses() throws Exception {
        Path staging = Files.createDirectory(releases.resolve(".staging-1"));

        failing(3, new AccessDeniedException(staging.toString())).rename(staging, releases.resolve("1.0.0"));

        assertThat(releases.resolve("1.0.0")).isDirectory();
        assertThat(pauses).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void aSharingViolationIsRetriedToo() throws Exception {
        Path staging = Files.createDirectory(releases.resolve(".staging-1"));

        failing(1, new FileSystemException(staging.toString(), null,
                "The process cannot access the file because it is being used by another process"))
                .rename(staging, releases.resolve("1.0.0"));

        assertThat(releases.resolve("1.0.0")).isDirectory();
    }

    @Test
    void theWaitIsBoundedAndTheLastFailureIsReported() throws Exception {
        Path staging = Files.createDirectory(releases.resolve(".staging-1"));

        assertThatThrownBy(() -> failing(Integer.MAX_VALUE, new AccessDeniedException(staging.toString()))
                .rename(staging, releases.resolve("1.0.0"))).isInstanceOf(AccessDeniedException.class);

        Duration waited = pauses.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(waited).isLessThanOrEqualTo(PatientRename.BUDGET).isGreaterThan(PatientRename.BUDGET.minusSeconds(2));
        assertThat(pauses).allMatch(p -> p.compareTo(Duration.ofSeconds(1)) <= 0);
    }

    @Test
    void nothingIsRetriedWhenTheTargetAppearedOrTheFailureIsNotTransient() throws Exception {
        Path staging = Files.createDirectory(releases.resolve(".staging-1"));
        Files.createDirectory(releases.resolve("1.0.0"));

        assertThatThrownBy(() -> failing(1, new AccessDeniedException(staging.toString()))
                .rename(staging, releases.resolve("1.0.0"))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> failing(1, new NoSuchFileException(staging.toString()))
                .rename(staging, releases.resolve("2.0.0"))).isInstanceOf(NoSuchFileException.class);
        assertThat(pauses).isEmpty();
    }
}
