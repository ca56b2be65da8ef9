package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.agent.config.AgentHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A request, left in the agent home, that the agent's next stop take the router and every loop down with it. A service
 * manager can only say "stop"; by default that stops the agent alone and OpenClaw keeps serving (a restart or an
 * upgrade of the agent loses no request), so stopping everything is asked for separately ({@code service stop --all}).
 */
public final class FullStop {
    private FullStop() {}

    static Path marker(AgentHome home) {
        return home.state().resolve("stop-everything");
    }

    /** Asks the agent's next stop to stop the router and the loops too. */
    public static void request(AgentHome home) throws IOException {
        Files.createDirectories(home.state());
        Files.writeString(marker(home), "requested by pid " + ProcessHandle.current().pid() + "\n");
    }

    /** Whether a full stop was asked for; the request is used up. */
    static boolean take(AgentHome home) {
        try {
            return Files.deleteIfExists(marker(home));
        } catch (IOException e) {
            // Cannot tell: the safe side keeps OpenClaw serving.
            return false;
        }
    }
}
