package io.jenkins.plugins.openclaw.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One kit Jenkins for the whole e2e run (it takes half a minute or more to start on a busy machine), stopped when the
 * test JVM exits. Each test class configures its own agent and jobs under names of its own.
 */
public final class SharedJenkins {
    private static KitJenkins jenkins;

    private SharedJenkins() {}

    public static synchronized KitJenkins get() {
        if (jenkins == null) {
            try {
                Path home = Files.createTempDirectory("openclaw-e2e-jenkins");
                KitJenkins started = KitJenkins.prepare(home, hpi());
                started.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
                jenkins = started;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jenkins;
    }

    public static Path hpi() {
        Path hpi = Path.of(System.getProperty("openclaw.hpi", "../target/openclaw-deploy.hpi"));
        if (!Files.isRegularFile(hpi)) {
            throw new IllegalStateException("no plugin archive at " + hpi.toAbsolutePath() + ": run mvn package first");
        }
        return hpi;
    }
}
