package io.openclaw.deploy.agent.dataplane;

import io.openclaw.deploy.agent.config.AgentHome;
import java.nio.file.Path;

/**
 * Where the agent and its router process meet on disk: the router's settings and last routing table (so that a router
 * started while the agent is down serves what was routed last), the record of the running router process (so that a
 * restarted agent finds and adopts it) and the token of its admin port. The directory is readable by its owner only.
 */
public record RouterFiles(Path dir) {

    public static RouterFiles of(AgentHome home) {
        return new RouterFiles(home.state().resolve("router"));
    }

    /** {@link RouterWire.Settings}: the listener and the client limits, written by the agent before each start. */
    public Path settings() {
        return dir.resolve("settings.json");
    }

    /** The last routing table the router accepted, written by the router before it answers the publish. */
    public Path table() {
        return dir.resolve("table.json");
    }

    /** {@link RouterWire.ProcessRecord}: the running router's pid, start time and ports, written once it serves. */
    public Path process() {
        return dir.resolve("router.json");
    }

    /** The bearer token of the router's admin port (loopback only). */
    public Path adminToken() {
        return dir.resolve("admin-token");
    }
}
