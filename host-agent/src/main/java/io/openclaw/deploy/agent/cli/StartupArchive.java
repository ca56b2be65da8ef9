package io.openclaw.deploy.agent.cli;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class-data sharing archive of the agent's own classes, which lets a restarted agent skip most of its class
 * loading (issue 12: back in control within 2 s of a restart). The launchers start the agent with
 * {@code -XX:SharedArchiveFile=HOME/cache/openclaw-agent.jsa}; a JVM ignores that file while it is missing or was
 * written for another jar or Java, so the agent writes it itself, once the classes a running agent uses are loaded:
 * the JDK's {@code VM.cds static_dump} diagnostic command dumps them into a new archive from a child JVM. A key file
 * beside the archive names the jar and the Java it is for; an upgrade of either makes the next agent write it again.
 */
final class StartupArchive {
    private static final Logger LOG = LoggerFactory.getLogger(StartupArchive.class);
    static final String OPTION = "-XX:SharedArchiveFile=";
    /** How long after start the loaded classes include those of the first API calls and periodic work. */
    static final Duration DEFAULT_SETTLE = Duration.ofSeconds(30);

    private final Path archive;
    private final String key;

    StartupArchive(Path archive, String key) {
        this.archive = archive;
        this.key = key;
    }

    /** The archive this JVM was started with, if any (the launchers' option). */
    static Optional<StartupArchive> ofThisJvm() {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return arguments.stream()
                .filter(a -> a.startsWith(OPTION))
                .reduce((first, last) -> last) // as the JVM does, the last one counts
                .map(a -> new StartupArchive(Path.of(a.substring(OPTION.length())).toAbsolutePath(),
                        keyOf(System.getProperty("java.class.path"))));
    }

    /** What the archive depends on: the Java that reads it and each class path entry as it is on disk now. */
    static String keyOf(String classPath) {
        StringBuilder key = new StringBuilder()
                .append("java ").append(System.getProperty("java.vm.version")).append(' ')
                .append(System.getProperty("java.home")).append('\n');
        for (String entry : classPath.split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            try {
                key.append(path).append(' ').append(Files.size(path)).append(' ')
                        .append(Files.getLastModifiedTime(path).toMillis()).append('\n');
            } catch (IOException e) {
                key.append(path).append(" missing\n");
            }
        }
        return key.toString();
    }

    Path archive() {
        return archive;
    }

    Path keyFile() {
        return archive.resolveSibling(archive.getFileName() + ".key");
    }

    /** Whether the archive on disk was written for this jar and this Java. */
    boolean isCurrent() {
        try {
            return Files.isRegularFile(archive) && Files.readString(keyFile(), StandardCharsets.UTF_8).equals(key);
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes the archive after {@code settle} unless it is current; in the background, once. */
    void refreshLater(Duration settle) {
        if (isCurrent()) {
            return;
        }
        CompletableFuture.runAsync(this::write,
                CompletableFuture.delayedExecutor(settle.toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * Dumps the classes loaded so far. A new file replaces the old one only once complete: a JVM starting meanwhile
     * maps either the old archive or none, never half of one.
     */
    void write() {
        Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
        long started = System.nanoTime();
        try {
            Files.createDirectories(archive.getParent());
            Files.deleteIfExists(partial);
            Object output = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmCds",
                    new Object[] {new String[] {"static_dump", partial.toString()}},
                    new String[] {String[].class.getName()});
            removeDumpOutput(partial);
            if (!Files.isRegularFile(partial)) {
                LOG.warn("No class-data archive written for faster restarts: {}", String.valueOf(output).strip());
                return;
            }
            // The JDK writes archives read-only, which keeps Windows from replacing one.
            archive.toFile().setWritable(true);
            Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(keyFile(), key, StandardCharsets.UTF_8);
            LOG.info("Class-data archive for faster restarts written: {} ({} MB in {} ms)", archive,
                    Files.size(archive) >> 20, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (IOException | JMException | RuntimeException e) {
            // Only restarts get slower: the agent runs as well without it.
            LOG.warn("No class-data archive written for faster restarts ({}): {}", archive, e.toString());
        }
    }

    /**
     * The JDK's dump runs in a child JVM whose output lands in {@code java_pid<pid>_stdout} and {@code _stderr} in the
     * working directory; those that name this archive are ours to remove (kept at debug level in the log).
     */
    private static void removeDumpOutput(Path partial) {
        Path workingDirectory = Path.of(System.getProperty("user.dir"));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(workingDirectory, "java_pid*_std{out,err}")) {
            for (Path file : files) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                if (text.contains(partial.toString())) {
                    LOG.debug("{}:\n{}", file.getFileName(), text);
                    Files.delete(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not remove the class-data dump's output from {}: {}", workingDirectory, e.toString());
        }
    }
}
