package io.openclaw.deploy.agent.service.windows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Gives the service's account the agent home, and nobody else: the step of {@code service install} that replaces the
 * {@code icacls ... /grant} the documentation used to ask for (and that left the home writable by every user).
 */
@FunctionalInterface
public interface HomeAccess {
    /**
     * @param account empty: LocalSystem
     * @return one line for the command to print, saying what was set
     */
    String grant(Path home, Optional<String> account) throws IOException;
}
