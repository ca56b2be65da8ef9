package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.agent.api.ApiToken;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentConfigLoader;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.tls.TlsIdentityStore;
import io.openclaw.deploy.protocol.AgentEndpoint;
import io.openclaw.deploy.protocol.Fingerprints;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Which agent a client command talks to: the one of a home on this host, or one given by URL, token and pin. */
final class AgentTarget {
    @Option(
            names = "--home",
            paramLabel = "DIR",
            description = "Agent home on this host: the agent's socket (or URL and certificate fingerprint) and its "
                    + "token are read from it.")
    Path home;

    @ArgGroup(exclusive = false)
    Remote remote;

    /** An agent elsewhere (or when the home is not readable). */
    static final class Remote {
        @Option(names = "--agent", required = true, paramLabel = "URL", description = "API URL, e.g. https://10.0.0.5:7443")
        URI agent;

        @Option(names = "--token-file", required = true, paramLabel = "FILE", description = "File holding the API token.")
        Path tokenFile;

        @Option(
                names = "--fingerprint",
                required = true,
                paramLabel = "SHA256",
                description = "SHA-256 fingerprint of the agent's certificate (as printed by init); no other certificate is trusted.")
        String fingerprint;
    }

    AgentEndpoint endpoint() {
        try {
            if (home != null) {
                AgentHome agentHome = new AgentHome(home);
                Path socket = agentHome.controlSocket();
                if (Files.exists(socket) && Files.isWritable(socket)) {
                    // The running agent's socket: no TLS handshake, and neither agent.yaml nor the certificate to read.
                    return AgentEndpoint.overLocalSocket(socket, ApiToken.readFile(agentHome.tokenFile()));
                }
                AgentConfig config = AgentConfigLoader.load(agentHome.configFile());
                URI uri = apiUri(config.listen().bind(), config.listen().apiPort());
                String token = ApiToken.readFile(agentHome.tokenFile());
                String fingerprint = Fingerprints.sha256(TlsIdentityStore.readCertificate(agentHome.certificatePem()));
                return AgentEndpoint.of(uri, token, fingerprint);
            }
            String fingerprint;
            try {
                fingerprint = Fingerprints.normalize(remote.fingerprint);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, "--fingerprint: " + e.getMessage());
            }
            if (!"https".equalsIgnoreCase(remote.agent.getScheme()) || remote.agent.getHost() == null) {
                throw new CliException(ExitCodes.USAGE, "--agent must be an https://HOST:PORT URL, not " + remote.agent);
            }
            return AgentEndpoint.of(remote.agent, ApiToken.readFile(remote.tokenFile), fingerprint);
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read the agent's settings: " + describe(e), e);
        }
    }

    /** The URL a client on this host uses for an agent listening on {@code bind}. */
    static URI apiUri(String bind, int port) {
        String host = switch (bind) {
            case "0.0.0.0", "" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
        };
        return URI.create("https://" + host + ":" + port);
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        return e.getMessage();
    }
}
