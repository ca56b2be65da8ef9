package io.openclaw.deploy.agent.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real sample release built by examples/sample-app, as the agent will see it. */
class SampleReleaseTest {
    static final Path SAMPLE_ZIP = Path.of(System.getProperty("openclaw.fixtures", "target/fixtures"), "openclaw-sample-app.zip");

    @Test
    void manifestDeclaresTheFifteenLoopsWithTheirSpecStrategies() throws IOException {
        ReleaseManifest manifest;
        try (ZipFile zip = new ZipFile(SAMPLE_ZIP.toFile()); InputStream in = zip.getInputStream(zip.getEntry("openclaw.yaml"))) {
            manifest = ManifestParser.parse(in);
        }
        assertThat(manifest.version()).isEqualTo("1.0.0");
        assertThat(manifest.loopNames()).containsExactlyElementsOf(KnownLoops.names());
        Map<String, LoopStrategy> expected = Map.ofEntries(
                Map.entry("core_orchestrator", LoopStrategy.BLUE_GREEN),
                Map.entry("gmail_processor", LoopStrategy.ROLLING),
                Map.entry("browser_agent", LoopStrategy.CANARY),
                Map.entry("voice_handler", LoopStrategy.BLUE_GREEN),
                Map.entry("tts_engine", LoopStrategy.ROLLING),
                Map.entry("stt_engine", LoopStrategy.ROLLING),
                Map.entry("memory_manager", LoopStrategy.BLUE_GREEN),
                Map.entry("identity_manager", LoopStrategy.FEATURE_FLAG),
                Map.entry("cron_scheduler", LoopStrategy.ROLLING),
                Map.entry("heartbeat_monitor", LoopStrategy.BLUE_GREEN),
                Map.entry("user_system", LoopStrategy.BLUE_GREEN),
                Map.entry("system_controller", LoopStrategy.BLUE_GREEN),
                Map.entry("gpt_interface", LoopStrategy.CANARY),
                Map.entry("notification_router", LoopStrategy.ROLLING),
                Map.entry("logging_audit", LoopStrategy.ROLLING));
        for (LoopSpec loop : manifest.loops()) {
            assertThat(loop.strategy()).as(loop.name()).isEqualTo(expected.get(loop.name()));
            assertThat(loop.replicas()).as(loop.name()).isEqualTo(loop.name().equals("gmail_processor") ? 2 : 1);
            assertThat(loop.command()).containsExactly("${JAVA}", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Xmx48m", "-Xss512k", "-jar", "loops/sample-loop.jar", "--port", "${PORT}");
            assertThat(loop.health()).isEqualTo(HealthCheck.http("/health", Duration.ofSeconds(5)));
            assertThat(loop.shutdown()).isEqualTo(ShutdownRequest.http("/shutdown"));
            assertThat(loop.env()).isEmpty();
        }
    }

    @Test
    void installsWithARunnableLoopJar(@TempDir Path releases) throws IOException {
        InstalledRelease r = ReleaseInstaller.install(SAMPLE_ZIP, TestZips.sha256(SAMPLE_ZIP), releases, "2.0.0");
        assertThat(r.manifest().loops()).hasSize(15);
        Path jar = r.dir().resolve("loops/sample-loop.jar");
        assertThat(jar).isRegularFile();
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.openclaw.deploy.sample.SampleLoop");
        }
        try (var files = Files.walk(r.dir())) {
            assertThat(files.filter(Files::isRegularFile).map(p -> r.dir().relativize(p).toString().replace('\\', '/')))
                    .containsExactlyInAnyOrderElementsOf(List.of("openclaw.yaml", "loops/sample-loop.jar", ".openclaw-release.json"));
        }
    }
}
