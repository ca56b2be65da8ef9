package io.openclaw.deploy.agent.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseStoreTest {
    @TempDir
    Path tmp;

    Path releases() {
        return tmp.resolve("releases");
    }

    InstalledRelease install(String version) throws IOException {
        Path zip = TestZips.release(tmp.resolve(version + ".zip"), version);
        return ReleaseInstaller.install(zip, TestZips.sha256(zip), releases(), null);
    }

    /** Installs versions with strictly increasing install times, as the markers record them. */
    void installInOrder(String... versions) throws IOException {
        Instant last = Instant.EPOCH;
        for (String v : versions) {
            InstalledRelease r = install(v);
            assertThat(r.installedAt()).isAfterOrEqualTo(last);
            if (!r.installedAt().isAfter(last)) {
                // Same clock tick: restamp so that the order under test is unambiguous.
                new ReleaseMarker(v, r.artifactSha(), last.plusNanos(1000)).writeTo(r.dir());
            }
            last = ReleaseMarker.readFrom(r.dir()).orElseThrow().installedAt();
        }
    }

    List<String> dirNames() throws IOException {
        try (Stream<Path> s = Files.list(releases())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void emptyOrMissingDirectoryHasNoReleases() throws IOException {
        ReleaseStore store = new ReleaseStore(releases());
        assertThat(store.list()).isEmpty();
        assertThat(store.load("1.0.0")).isEmpty();
        assertThat(store.prune(1, Set.of())).isEmpty();
    }

    @Test
    void listsNewestFirstAndLoadsFromDisk() throws IOException {
        installInOrder("1.0.0", "1.1.0", "2.0.0");
        ReleaseStore store = new ReleaseStore(releases());
        assertThat(store.list()).extracting(InstalledRelease::version).containsExactly("2.0.0", "1.1.0", "1.0.0");
        InstalledRelease loaded = store.load("1.1.0").orElseThrow();
        assertThat(loaded.dir()).isEqualTo(releases().resolve("1.1.0"));
        assertThat(loaded.manifest().version()).isEqualTo("1.1.0");
        assertThat(loaded.manifest().loopNames()).containsExactly("core_orchestrator");
        assertThat(store.load("9.9.9")).isEmpty();
        assertThat(store.load("../1.1.0")).isEmpty();
    }

    @Test
    void aReleaseBrokenByHandIsLeftOutOfTheListButReportedOnLoad() throws IOException {
        installInOrder("1.0.0", "2.0.0");
        Files.writeString(releases().resolve("1.0.0/openclaw.yaml"), "version: 1.0.0\nloops: []\n");
        ReleaseStore store = new ReleaseStore(releases());
        assertThat(store.list()).extracting(InstalledRelease::version).containsExactly("2.0.0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.load("1.0.0"))
                .isInstanceOf(ManifestException.class).hasMessageContaining("loops must list at least one loop");
    }

    @Test
    void anUnchangedReleaseIsReadOnceAndAManifestChangedSinceIsReadAgain() throws IOException {
        installInOrder("1.0.0");
        ReleaseStore store = new ReleaseStore(releases());
        InstalledRelease first = store.load("1.0.0").orElseThrow();

        assertThat(store.load("1.0.0").orElseThrow()).isSameAs(first);
        assertThat(store.list()).singleElement().isSameAs(first);

        Path manifest = releases().resolve("1.0.0/openclaw.yaml");
        Files.writeString(manifest, "version: 1.0.0\nloops: []\n");
        Files.setLastModifiedTime(manifest, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.load("1.0.0"))
                .isInstanceOf(ManifestException.class).hasMessageContaining("loops must list at least one loop");
    }

    @Test
    void directoriesWithoutAMarkerAreNotReleases() throws IOException {
        installInOrder("1.0.0");
        Files.createDirectories(releases().resolve("half-copied"));
        Files.writeString(releases().resolve("half-copied/openclaw.yaml"), TestZips.manifest("half-copied"));
        ReleaseStore store = new ReleaseStore(releases());
        assertThat(store.list()).extracting(InstalledRelease::version).containsExactly("1.0.0");
        assertThat(store.load("half-copied")).isEmpty();
        assertThat(store.prune(0, Set.of())).containsExactly("1.0.0");
        assertThat(dirNames()).containsExactly("half-copied");
    }

    @Test
    void pruneKeepsTheNewestAndProtectedOnes() throws IOException {
        installInOrder("1", "2", "3", "4", "5", "6");
        ReleaseStore store = new ReleaseStore(releases());
        List<String> deleted = store.prune(3, Set.of("1"));
        assertThat(deleted).containsExactlyInAnyOrder("2", "3");
        assertThat(dirNames()).containsExactly("1", "4", "5", "6");
        assertThat(store.list()).extracting(InstalledRelease::version).containsExactly("6", "5", "4", "1");
        assertThat(store.prune(3, Set.of("1"))).isEmpty();
    }

    @Test
    void pruneRemovesLeftoversOfInterruptedInstalls() throws IOException {
        installInOrder("1.0.0");
        Files.createDirectories(releases().resolve(".staging-dead/loops"));
        Files.writeString(releases().resolve(".staging-dead/loops/app.jar"), "partial");
        Files.createDirectories(releases().resolve(".trash-dead"));
        new ReleaseStore(releases()).prune(5, Set.of());
        assertThat(dirNames()).containsExactly("1.0.0");
    }
}
