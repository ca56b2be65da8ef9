package io.openclaw.deploy.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An archive counts as current only for the jar and the Java it was written for. */
class StartupArchiveTest {
    @TempDir
    Path tmp;

    @Test
    void anArchiveIsCurrentUntilTheJarChanges() throws Exception {
        Path jar = Files.writeString(tmp.resolve("openclaw-agent.jar"), "version 1");
        Path archive = tmp.resolve("cache/openclaw-agent.jsa");
        StartupArchive before = new StartupArchive(archive, StartupArchive.keyOf(jar.toString()));
        assertThat(before.isCurrent()).as("no archive yet").isFalse();

        Files.createDirectories(archive.getParent());
        Files.writeString(archive, "archive");
        Files.writeString(before.keyFile(), StartupArchive.keyOf(jar.toString()));
        assertThat(before.isCurrent()).isTrue();

        Files.writeString(jar, "version 2, an upgrade");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));
        assertThat(new StartupArchive(archive, StartupArchive.keyOf(jar.toString())).isCurrent()).isFalse();
    }

    @Test
    void theKeyNamesTheJavaAndEveryClassPathEntry() throws Exception {
        Path jar = Files.writeString(tmp.resolve("a.jar"), "a");
        String key = StartupArchive.keyOf(jar + File.pathSeparator + tmp.resolve("gone.jar"));

        assertThat(key).contains(System.getProperty("java.vm.version"), jar.toAbsolutePath() + " 1 ",
                tmp.resolve("gone.jar").toAbsolutePath() + " missing");
    }
}
