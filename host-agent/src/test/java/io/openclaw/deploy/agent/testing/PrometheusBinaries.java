package io.openclaw.deploy.agent.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where Debian's {@code prometheus} package put {@code prometheus} and {@code promtool} (on the PATH). The monitoring
 * tests need the real binaries; where they are missing the tests are skipped and say so, and {@code .ci/run} installs
 * the package so that CI runs them.
 */
public final class PrometheusBinaries {
    public static final String MISSING = "is not on the PATH: install Debian's prometheus package"
            + " (apt-get install prometheus; .ci/run does) to run the monitoring tests";

    private PrometheusBinaries() {}

    public static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
