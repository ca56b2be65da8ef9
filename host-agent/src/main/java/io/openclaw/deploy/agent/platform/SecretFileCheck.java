package io.openclaw.deploy.agent.platform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Whether a secret file (API token, TLS key store and its password) can be read by anyone it should not. */
public interface SecretFileCheck {
    /**
     * @return what is wrong with {@code file}, each problem with how to fix it; empty when only the owner (and, on
     *         Windows, Administrators and SYSTEM) can get at it
     */
    List<String> problems(Path file) throws IOException;
}
