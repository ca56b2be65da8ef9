package io.openclaw.deploy.agent.config;

import java.io.IOException;
import java.nio.file.Path;

/** Reads and writes {@code conf/agent.yaml}: snake_case keys in the spec's shape, unknown keys refused. */
public final class AgentConfigLoader {
    private AgentConfigLoader() {}

    /**
     * Reads the file over {@link AgentConfig#defaults()}: keys absent from the file keep their default.
     *
     * @throws ConfigException naming the bad key and its line
     */
    public static AgentConfig load(Path file) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Writes a commented default configuration with the given listen settings (used by {@code init}). */
    public static void writeDefault(Path file, String bind, int routerPort, int apiPort) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
