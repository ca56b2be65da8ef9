package io.openclaw.deploy.agent.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.protocol.Json;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseInstallerTest {
    @TempDir
    Path tmp;

    Path releases;
    Map<String, String> before;

    @BeforeEach
    void installAnEarlierRelease() throws IOException {
        releases = tmp.resolve("releases");
        Path v0 = TestZips.release(tmp.resolve("v0.zip"), "0.9.0");
        ReleaseInstaller.install(v0, TestZips.sha256(v0), releases, null);
        before = TestZips.snapshot(releases);
    }

    void assertRefusedAndNothingChanged(ThrowingCallable install, String problemType, String messagePart)
            throws IOException {
        assertThatThrownBy(install).isInstanceOfSatisfying(OperationException.class, e -> {
            assertThat(e.problemType()).isEqualTo(problemType);
            assertThat(e.httpStatus()).isEqualTo(422);
            assertThat(e.getMessage()).contains(messagePart);
        });
        assertThat(TestZips.snapshot(releases)).isEqualTo(before);
    }

    void assertUnsafe(Path zip, String messagePart) throws IOException {
        assertRefusedAndNothingChanged(
                () -> ReleaseInstaller.install(zip, "sha", releases, null), ProblemTypes.UNSAFE_ARTIFACT, messagePart);
    }

    @Test
    void installsAReleaseWithItsMarker() throws IOException {
        Path zip = TestZips.release(tmp.resolve("v1.zip"), "1.0.0");
        String sha = TestZips.sha256(zip);
        InstalledRelease r = ReleaseInstaller.install(zip, sha, releases, null);

        assertThat(r.version()).isEqualTo("1.0.0");
        assertThat(r.dir()).isEqualTo(releases.resolve("1.0.0"));
        assertThat(r.artifactSha()).isEqualTo(sha);
        assertThat(r.manifest().loopNames()).containsExactly("core_orchestrator");
        assertThat(Files.readString(r.dir().resolve("loops/app.jar"))).isEqualTo("jar bytes of 1.0.0");
        assertThat(Files.readString(r.dir().resolve("conf/settings.txt"))).isEqualTo("x=1");
        var marker = Json.mapper().readTree(r.dir().resolve(".openclaw-release.json").toFile());
        assertThat(marker.get("version").asText()).isEqualTo("1.0.0");
        assertThat(marker.get("artifactSha").asText()).isEqualTo(sha);
        assertThat(marker.get("installedAt").asText()).isEqualTo(r.installedAt().toString());
        try (var names = Files.list(releases)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("0.9.0", "1.0.0");
        }
    }

    @Test
    void versionOverrideNamesTheDirectoryAndTheManifest() throws IOException {
        Path zip = TestZips.release(tmp.resolve("v1.zip"), "1.0.0");
        InstalledRelease r = ReleaseInstaller.install(zip, TestZips.sha256(zip), releases, "1.0.0-hotfix");
        assertThat(r.dir()).isEqualTo(releases.resolve("1.0.0-hotfix"));
        assertThat(r.manifest().version()).isEqualTo("1.0.0-hotfix");
        assertThat(new ReleaseStore(releases).load("1.0.0-hotfix").orElseThrow().manifest().version())
                .isEqualTo("1.0.0-hotfix");
    }

    @Test
    void badVersionOverrideIsAValidationError() throws IOException {
        Path zip = TestZips.release(tmp.resolve("v1.zip"), "1.0.0");
        assertThatThrownBy(() -> ReleaseInstaller.install(zip, "sha", releases, "../evil"))
                .isInstanceOfSatisfying(OperationException.class, e -> {
                    assertThat(e.problemType()).isEqualTo(ProblemTypes.VALIDATION);
                    assertThat(e.httpStatus()).isEqualTo(400);
                });
        assertThat(TestZips.snapshot(releases)).isEqualTo(before);
    }

    @Test
    void installingTheSameArtifactAgainIsIdempotent() throws IOException {
        Path zip = TestZips.release(tmp.resolve("v1.zip"), "1.0.0");
        String sha = TestZips.sha256(zip);
        InstalledRelease first = ReleaseInstaller.install(zip, sha, releases, null);
        Map<String, String> afterFirst = TestZips.snapshot(releases);
        InstalledRelease second = ReleaseInstaller.install(zip, sha, releases, null);
        assertThat(second).isEqualTo(first);
        assertThat(TestZips.snapshot(releases)).isEqualTo(afterFirst);
    }

    @Test
    void anotherArtifactUnderAnInstalledVersionIsAConflict() throws IOException {
        Path other = TestZips.releaseWith(tmp.resolve("other.zip"), "extra.txt", "different");
        assertThatThrownBy(() -> ReleaseInstaller.install(other, TestZips.sha256(other), releases, "0.9.0"))
                .isInstanceOfSatisfying(OperationException.class, e -> {
                    assertThat(e.problemType()).isEqualTo(ProblemTypes.VALIDATION);
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("release 0.9.0 is already installed from another artifact");
                });
        assertThat(TestZips.snapshot(releases)).isEqualTo(before);
    }

    @Test
    void missingManifestIsAnInvalidManifest() throws IOException {
        Path zip = TestZips.zip(tmp.resolve("nomanifest.zip"), Map.of("loops/app.jar", "x", "sub/openclaw.yaml", "version: 1"));
        assertRefusedAndNothingChanged(() -> ReleaseInstaller.install(zip, "sha", releases, null),
                ProblemTypes.INVALID_MANIFEST, "no openclaw.yaml at its root");
    }

    @Test
    void badManifestNamesTheLine() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("openclaw.yaml", "version: 1.0.0\nloops:\n  - name: a\n    command: [x]\n    replicas: 99\n");
        Path zip = TestZips.zip(tmp.resolve("bad.zip"), entries);
        assertRefusedAndNothingChanged(() -> ReleaseInstaller.install(zip, "sha", releases, null),
                ProblemTypes.INVALID_MANIFEST, "openclaw.yaml line 5, column 15: loops[0].replicas must be between 1 and 16, got 99");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "../evil.txt", "loops/../../evil.txt", "/etc/evil", "C:/evil.txt", "c:evil.txt", "loops\\evil.txt",
        "loops/./x", "loops//x", "a/b:stream", "NUL", "loops/con.txt", "trailing./x", "a/b?", ".openclaw-release.json"
    })
    void unsafeNamesAreRefusedWithNothingChanged(String name) throws IOException {
        assertUnsafe(TestZips.releaseWith(tmp.resolve("evil.zip"), name, "pwned"), "entry '" + name.replace("\\", "\\") + "'");
        assertThat(tmp.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void symbolicLinksAreRefused() throws IOException {
        assertUnsafe(TestZips.releaseWithSymlink(tmp.resolve("link.zip"), "loops/passwd", "/etc/passwd"),
                "entry 'loops/passwd' is a symbolic link");
    }

    @Test
    void duplicateEntriesAreRefused() throws IOException {
        assertUnsafe(TestZips.releaseWithDuplicate(tmp.resolve("dup.zip"), "loops/app.jar"), "duplicates 'loops/app.jar'");
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("openclaw.yaml", TestZips.manifest("1.0.0"));
        entries.put("loops/App.jar", "a");
        entries.put("loops/app.jar", "b");
        assertUnsafe(TestZips.zip(tmp.resolve("case.zip"), entries), "entry 'loops/app.jar' duplicates 'loops/App.jar'");
    }

    @Test
    void aNameUsedAsFileAndDirectoryIsRefused() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("openclaw.yaml", TestZips.manifest("1.0.0"));
        entries.put("loops", "a file");
        entries.put("loops/app.jar", "b");
        assertUnsafe(TestZips.zip(tmp.resolve("clash.zip"), entries), "is both a file and a directory");
    }

    @Test
    void tooManyEntriesAreRefused() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("openclaw.yaml", TestZips.manifest("1.0.0"));
        IntStream.range(0, 20).forEach(i -> entries.put("f" + i, "x"));
        Path zip = TestZips.zip(tmp.resolve("many.zip"), entries);
        assertRefusedAndNothingChanged(
                () -> ReleaseInstaller.install(zip, "sha", releases, null, new ReleaseInstaller.Limits(20, 1 << 20)),
                ProblemTypes.UNSAFE_ARTIFACT, "21 entries, more than the 20 allowed");
        assertThat(ReleaseInstaller.Limits.DEFAULT).isEqualTo(new ReleaseInstaller.Limits(20_000, 4L << 30));
    }

    @Test
    void zipBombIsRefusedFromItsDeclaredSize() throws IOException {
        Path zip = TestZips.releaseWith(tmp.resolve("bomb.zip"), "zeros.bin", "\0".repeat(200_000));
        assertThat(Files.size(zip)).isLessThan(2_000);
        assertRefusedAndNothingChanged(
                () -> ReleaseInstaller.install(zip, "sha", releases, null, new ReleaseInstaller.Limits(100, 100_000)),
                ProblemTypes.UNSAFE_ARTIFACT, "more than the 100000 allowed");
    }

    @Test
    void entryInflatingBeyondItsDeclaredSizeIsRefused() throws IOException {
        Path zip = TestZips.releaseWith(tmp.resolve("liar.zip"), "zeros.bin", "\0".repeat(200_000));
        TestZips.understateSizes(zip, 10);
        assertRefusedAndNothingChanged(() -> ReleaseInstaller.install(zip, "sha", releases, null),
                ProblemTypes.UNSAFE_ARTIFACT, "inflates to more than its declared 10 bytes");
    }

    @Test
    void notAZipIsRefused() throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.zip"), "this is not a zip");
        assertUnsafe(junk, "not a readable zip");
    }

    @Test
    void concurrentInstallsOfTheSameReleaseAgree() throws Exception {
        Path zip = TestZips.release(tmp.resolve("v2.zip"), "2.0.0");
        String sha = TestZips.sha256(zip);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.concurrent.Callable<InstalledRelease> install = () -> ReleaseInstaller.install(zip, sha, releases, null);
            var results = pool.invokeAll(java.util.Collections.nCopies(4, install));
            for (var f : results) {
                assertThat(f.get().dir()).isEqualTo(releases.resolve("2.0.0"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.readString(releases.resolve("2.0.0/loops/app.jar"))).isEqualTo("jar bytes of 2.0.0");
        try (var names = Files.list(releases)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("0.9.0", "2.0.0");
        }
    }
}
