package io.openclaw.deploy.agent.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Refuses to go on when a secret file of the agent can be read by others. */
public final class SecretFiles {
    private SecretFiles() {}

    /** Thrown with every problem found and how to fix each. */
    public static final class InsecureSecretsException extends Exception {
        public InsecureSecretsException(String message) {
            super(message);
        }
    }

    /** Checks each existing file of {@code files}; missing files are someone else's error to report. */
    public static void require(SecretFileCheck check, List<Path> files) throws InsecureSecretsException, IOException {
        Set<String> problems = new LinkedHashSet<>(); // a shared directory's problem once, not per file
        for (Path file : files) {
            if (Files.exists(file)) {
                problems.addAll(check.problems(file));
            }
        }
        if (!problems.isEmpty()) {
            throw new InsecureSecretsException("refusing to start: the agent's secrets must be readable by the service"
                    + " account and administrators only\n  " + String.join("\n  ", problems));
        }
    }
}
