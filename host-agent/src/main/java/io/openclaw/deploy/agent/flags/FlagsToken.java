package io.openclaw.deploy.agent.flags;

import io.openclaw.deploy.agent.api.ApiToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The read-only token of the OFREP listener ({@code conf/flags-token}), distinct from the admin token: a loop that
 * holds it can read flags and nothing else. Created, owner-only, the first time the agent starts.
 */
public final class FlagsToken {
    public static final String FILE = "flags-token";

    private FlagsToken() {}

    /** The token's text (for the loops' environment), creating the file if absent. */
    public static String loadOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            return ApiToken.readFile(file);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        return ApiToken.createFile(file);
    }
}
