package io.openclaw.deploy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.agent.release.LoopSpec;
import io.openclaw.deploy.agent.release.ManifestParser;
import io.openclaw.deploy.agent.release.ReleaseManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The canary part's faulty release, derived from the real sample release zip. */
class DemoReleaseTest {
    @TempDir
    Path tmp;

    private final Path sample = Path.of(System.getProperty("openclaw.fixtures"), "openclaw-sample-app.zip");

    @Test
    void onlyTheChosenLoopsGetTheErrorRateAndTheRestOfTheReleaseIsUnchanged() throws Exception {
        Path faulty = DemoRelease.withErrorRate(sample, tmp.resolve("faulty.zip"), "3.0.0",
                List.of("browser_agent", "gpt_interface"), 0.2);

        ReleaseManifest original = manifest(sample);
        ReleaseManifest derived = manifest(faulty);
        assertThat(derived.version()).isEqualTo("3.0.0");
        assertThat(derived.loops()).hasSameSizeAs(original.loops());
        for (int i = 0; i < derived.loops().size(); i++) {
            LoopSpec before = original.loops().get(i);
            LoopSpec after = derived.loops().get(i);
            assertThat(after.command()).isEqualTo(before.command());
            assertThat(after.strategy()).isEqualTo(before.strategy());
            if (List.of("browser_agent", "gpt_interface").contains(after.name())) {
                assertThat(after.env()).isEqualTo(Map.of("SAMPLE_ERROR_RATE", "0.20"));
            } else {
                assertThat(after.env()).isEqualTo(before.env());
            }
        }
        assertThat(entries(faulty)).isEqualTo(entries(sample));
    }

    @Test
    void aLoopTheReleaseDoesNotDeclareIsAClearError() {
        assertThatThrownBy(() -> DemoRelease.withErrorRate(sample, tmp.resolve("faulty.zip"), "3.0.0",
                List.of("no_such_loop"), 0.2))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no_such_loop");
    }

    private static ReleaseManifest manifest(Path zip) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return ManifestParser.parse(z.getInputStream(z.getEntry(ManifestParser.FILE_NAME)));
        }
    }

    private static List<String> entries(Path zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                names.add(e.getName() + " " + (e.isDirectory() ? "dir" : Long.toString(e.getSize())));
            }
        }
        return names.stream().filter(n -> !n.startsWith(ManifestParser.FILE_NAME)).sorted().toList();
    }
}
