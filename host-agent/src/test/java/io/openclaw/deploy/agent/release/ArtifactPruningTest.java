package io.openclaw.deploy.agent.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pruning of unreferenced artifacts on a real directory, with a clock the test moves. */
class ArtifactPruningTest {
    private static final Duration GRACE = Duration.ofHours(24);

    @TempDir
    Path tmp;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private ArtifactStore artifacts;
    private ReleaseStore releases;

    @BeforeEach
    void stores() throws IOException {
        artifacts = new ArtifactStore(tmp.resolve("artifacts"), 1L << 30, clock);
        releases = new ReleaseStore(tmp.resolve("releases"), artifacts, GRACE);
    }

    /** Uploads a release zip of {@code version} and installs it, as a deployment does. */
    private String uploadAndInstall(String version) throws IOException {
        String sha = upload(version);
        InstalledRelease release = ReleaseInstaller.install(artifacts.path(sha), sha, releases.dir(), null);
        // Installation order as the markers record it, unambiguous whatever the system clock's resolution.
        new ReleaseMarker(version, sha, clock.instant()).writeTo(release.dir());
        clock.advance(Duration.ofSeconds(1));
        return sha;
    }

    private String upload(String version) throws IOException {
        Path zip = tmp.resolve("src-" + version + ".zip");
        if (!Files.exists(zip)) {
            TestZips.release(zip, version);
        }
        String sha = TestZips.sha256(zip);
        try (var in = Files.newInputStream(zip)) {
            artifacts.store(sha, in);
        }
        return sha;
    }

    @Test
    void anArtifactOfAPrunedReleaseGoesOnceItsGracePeriodHasPassed() throws IOException {
        String first = uploadAndInstall("1.0.0");
        String second = uploadAndInstall("1.1.0");
        String third = uploadAndInstall("1.2.0");
        long firstSize = Files.size(artifacts.path(first));

        clock.advance(GRACE.minusMinutes(1));
        assertThat(releases.prune(2, Set.of("1.2.0", "1.1.0"))).containsExactly("1.0.0");
        assertThat(stored(first)).as("still within its grace period").isTrue();

        clock.advance(Duration.ofMinutes(2));
        assertThat(releases.pruneArtifacts()).containsExactly(new ArtifactStore.PrunedArtifact(first, firstSize));
        assertThat(Files.exists(artifacts.dir().resolve(first + ".zip"))).isFalse();
        assertThat(stored(second)).isTrue();
        assertThat(stored(third)).isTrue();
    }

    @Test
    void anUploadWaitingForItsDeployCallIsKeptDuringTheGracePeriod() throws IOException {
        uploadAndInstall("1.0.0");
        String waiting = upload("2.0.0");

        clock.advance(GRACE.minusSeconds(1));
        assertThat(releases.prune(5, Set.of("1.0.0"))).isEmpty();
        assertThat(artifacts.contains(waiting)).isTrue();

        // contains() above is how a deploy call checks it: the grace period starts again from there.
        clock.advance(Duration.ofHours(2));
        assertThat(releases.pruneArtifacts()).isEmpty();
        clock.advance(GRACE);
        assertThat(releases.pruneArtifacts()).extracting(ArtifactStore.PrunedArtifact::sha256).containsExactly(waiting);
    }

    @Test
    void uploadingAnArtifactAgainRestartsItsGracePeriod() throws IOException {
        String sha = upload("2.0.0");
        clock.advance(GRACE.plusHours(1));
        upload("2.0.0");
        assertThat(releases.pruneArtifacts()).isEmpty();
        clock.advance(GRACE);
        assertThat(releases.pruneArtifacts()).extracting(ArtifactStore.PrunedArtifact::sha256).containsExactly(sha);
    }

    @Test
    void theArtifactsOfTheActiveAndPreviousReleasesAreNeverRemoved() throws IOException {
        String previous = uploadAndInstall("1.0.0");
        String active = uploadAndInstall("1.1.0");
        String newer = uploadAndInstall("1.2.0"); // installed by a deployment that was rolled back
        clock.advance(GRACE.multipliedBy(10));

        assertThat(releases.prune(1, Set.of("1.1.0", "1.0.0"))).isEmpty();
        assertThat(stored(previous)).isTrue();
        assertThat(stored(active)).isTrue();
        assertThat(stored(newer)).isTrue();

        // Once its release is gone, the rolled-back release's artifact goes with it (its grace period is long over).
        assertThat(releases.prune(0, Set.of("1.1.0", "1.0.0"))).containsExactly("1.2.0");
        assertThat(stored(newer)).isFalse();
        assertThat(stored(previous)).isTrue();
        assertThat(stored(active)).isTrue();
    }

    @Test
    void onlyArtifactsAreTouched() throws IOException {
        String sha = upload("2.0.0");
        Path stray = Files.writeString(artifacts.dir().resolve("notes.zip"), "not an artifact");
        Path upper = Files.writeString(artifacts.dir().resolve(sha.toUpperCase() + ".txt"), "other");
        clock.advance(GRACE.multipliedBy(3));
        assertThat(releases.pruneArtifacts()).hasSize(1);
        assertThat(stray).exists();
        assertThat(upper).exists();
    }

    @Test
    void aStoreWithoutArtifactsPrunesOnlyReleases() throws IOException {
        String sha = uploadAndInstall("1.0.0");
        uploadAndInstall("1.1.0");
        clock.advance(GRACE.multipliedBy(3));
        ReleaseStore releasesOnly = new ReleaseStore(releases.dir());
        assertThat(releasesOnly.prune(1, Set.of())).containsExactly("1.0.0");
        assertThat(releasesOnly.pruneArtifacts()).isEmpty();
        assertThat(stored(sha)).isTrue();
    }

    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Looks at the directory: {@link ArtifactStore#contains} would start the grace period again. */
    private boolean stored(String sha) {
        return Files.isRegularFile(artifacts.dir().resolve(sha + ".zip"));
    }
}
