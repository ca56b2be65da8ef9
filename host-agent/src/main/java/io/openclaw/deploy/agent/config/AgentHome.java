package io.openclaw.deploy.agent.config;

import java.nio.file.Path;

/**
 * The agent's directory layout (the spec's {@code C:\OpenClaw\} on Windows). Pure path arithmetic; creating it is
 * {@code init}'s job.
 */
public record AgentHome(Path root) {
    public AgentHome {
        root = root.toAbsolutePath().normalize();
    }

    public Path conf() {
        return root.resolve("conf");
    }

    public Path configFile() {
        return conf().resolve("agent.yaml");
    }

    public Path tokenFile() {
        return conf().resolve("api-token");
    }

    public Path tlsDir() {
        return conf().resolve("tls");
    }

    /** PKCS#12 keystore holding the API's private key and self-signed certificate. */
    public Path keyStore() {
        return tlsDir().resolve("agent.p12");
    }

    /** The certificate alone, PEM, for clients that want to see it. */
    public Path certificatePem() {
        return tlsDir().resolve("agent.crt");
    }

    /**
     * The control API's Unix domain socket, for clients on this host ({@code --home}): in an owner-only directory, so
     * only the agent's own user (and root) can open it.
     */
    public Path controlSocket() {
        return root.resolve("run").resolve("control.sock");
    }

    public Path releases() {
        return root.resolve("releases");
    }

    public Path release(String version) {
        return releases().resolve(version);
    }

    public Path artifacts() {
        return root.resolve("artifacts");
    }

    public Path data() {
        return root.resolve("data");
    }

    /** Per-slot data directory, {@code ${DATA_DIR}} of the loops. */
    public Path slotData(String slot) {
        return data().resolve(slot);
    }

    public Path state() {
        return root.resolve("state");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path backups() {
        return root.resolve("backups");
    }
}
