package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.agent.api.ApiToken;
import io.openclaw.deploy.agent.config.AgentConfigLoader;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.platform.HomeProtection;
import io.openclaw.deploy.agent.platform.Platform;
import io.openclaw.deploy.agent.tls.OwnerOnlyFiles;
import io.openclaw.deploy.agent.tls.SelfSignedCertificates;
import io.openclaw.deploy.agent.tls.TlsIdentity;
import io.openclaw.deploy.agent.tls.TlsIdentityStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Creates an agent home: the directory layout, the API token, the TLS identity and {@code conf/agent.yaml}. Secrets
 * and {@code conf/} are owner-only. An existing home is only replaced with {@code force}, and then only its
 * configuration, token and certificate: releases, artifacts, data, state, logs and backups are left as they are.
 */
public final class AgentHomeInitializer {
    /** Writes {@code conf/agent.yaml}; {@link AgentConfigLoader#writeDefault} in the product. */
    @FunctionalInterface
    public interface ConfigWriter {
        void write(Path file, String bind, int routerPort, int apiPort) throws IOException;
    }

    /** What {@code init} prints: where the API is and how a client trusts it. */
    public record Result(AgentHome home, URI apiUri, Path tokenFile, String fingerprint) {}

    /** Thrown when the home exists and {@code force} was not given; nothing has been changed. */
    public static final class HomeExistsException extends IOException {
        private static final long serialVersionUID = 1L;

        HomeExistsException(String message) {
            super(message);
        }
    }

    private AgentHomeInitializer() {}

    public static Result initialize(AgentHome home, String bind, int routerPort, int apiPort, boolean force)
            throws IOException {
        return initialize(home, bind, routerPort, apiPort, force, AgentConfigLoader::writeDefault);
    }

    public static Result initialize(
            AgentHome home, String bind, int routerPort, int apiPort, boolean force, ConfigWriter configWriter)
            throws IOException {
        return initialize(home, bind, routerPort, apiPort, force, configWriter, Platform.current().homeProtection());
    }

    /**
     * @param protection who may change the home: on Windows the home gets a protected ACL before anything is written
     *                   into it and {@code conf\} before a secret is, so no secret ever exists with the ACL a folder
     *                   under {@code C:\} inherits (BUILTIN\Users read), which the agent's own check would refuse
     */
    public static Result initialize(AgentHome home, String bind, int routerPort, int apiPort, boolean force,
            ConfigWriter configWriter, HomeProtection protection) throws IOException {
        checkPort("--router-port", routerPort);
        checkPort("--api-port", apiPort);
        if (routerPort == apiPort) {
            throw new IllegalArgumentException("--router-port and --api-port must differ (both are " + apiPort + ")");
        }
        if (bind == null || bind.isBlank()) {
            throw new IllegalArgumentException("--bind must be an address, e.g. 127.0.0.1");
        }
        List<Path> existing = List.of(home.configFile(), home.tokenFile(), home.keyStore()).stream()
                .filter(Files::exists)
                .toList();
        if (!existing.isEmpty() && !force) {
            throw new HomeExistsException(home.root() + " is already an agent home (" + existing.get(0).getFileName()
                    + " exists); use --force to replace its configuration, token and certificate");
        }
        protection.protectHome(home);
        for (Path dir : List.of(
                home.releases(), home.artifacts(), home.slotData("blue"), home.slotData("green"), home.state(), home.logs(), home.backups())) {
            Files.createDirectories(dir);
        }
        OwnerOnlyFiles.createDirectory(home.conf());
        OwnerOnlyFiles.createDirectory(home.tlsDir());
        protection.protectConf(home);

        // The configuration first: it is what may refuse the settings, and then no secret has been made in vain.
        configWriter.write(home.configFile(), bind, routerPort, apiPort);
        Set<String> names = new LinkedHashSet<>(SelfSignedCertificates.defaultNames());
        if (!bind.equals("0.0.0.0") && !bind.equals("::")) {
            names.add(bind);
        }
        TlsIdentity identity = TlsIdentityStore.create(home, names);
        ApiToken.createFile(home.tokenFile());
        return new Result(home, AgentTarget.apiUri(bind, apiPort), home.tokenFile(), identity.fingerprint());
    }

    private static void checkPort(String option, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(option + " must be a TCP port (1-65535), not " + port);
        }
    }
}
