package io.openclaw.deploy.agent.flags;

import io.openclaw.deploy.agent.DiskFullException;
import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flags part of the agent: the store under {@code <home>/flags}, defaults from {@code agent.yaml} and the current
 * release's {@code flags.yaml}, and the OFREP listener the loops read from.
 */
public final class FlagsRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlagsRuntime.class);

    private final AgentHome home;
    private final FlagService service;
    private final OfrepServer server;

    private final String token;

    private FlagsRuntime(AgentHome home, FlagService service, OfrepServer server, String token) {
        this.home = home;
        this.service = service;
        this.server = server;
        this.token = token;
    }

    public static Path storeDir(AgentHome home) {
        return home.root().resolve("flags");
    }

    /**
     * @param port           the OFREP port ({@link OfrepServer#DEFAULT_PORT}, 0 for any free port)
     * @param currentRelease the release taking traffic, whose {@code flags.yaml} supplies defaults, or null
     */
    public static FlagsRuntime start(AgentHome home, String bind, int port, String currentRelease, Clock clock)
            throws IOException {
        FlagService service = new FlagService(storeDir(home), clock);
        try {
            service.applyDefaults(FlagDefaults.read(home.configFile()), FlagRevision.Origin.CONFIG, "agent.yaml");
            if (currentRelease != null) {
                applyRelease(service, home.release(currentRelease), currentRelease);
            }
        } catch (IOException | RuntimeException e) {
            if (!DiskFullException.isDiskFull(e)) {
                throw e;
            }
            // The flags stay as they were last written; the agent starts in read-only mode rather than not at all.
            LOG.warn("Disk full: changed flag defaults are not applied until the next start ({})", e.toString());
        }
        String token = FlagsToken.loadOrCreate(FlagsEndpoint.tokenFile(home));
        OfrepServer server;
        try {
            server = new OfrepServer(bind, port, service.evaluator(), FlagsToken.of(token)).start();
        } catch (IOException busy) {
            if (port == 0) {
                throw busy;
            }
            // The loops learn the URL from OPENCLAW_FLAGS_URL, so any port serves them; a taken 8016 (another agent,
            // flagd) must not keep the agent and OpenClaw from starting.
            LOG.warn("OFREP port {} is not available ({}); serving flags on a free port instead", port, busy.getMessage());
            server = new OfrepServer(bind, 0, service.evaluator(), FlagsToken.of(token)).start();
        }
        try {
            Files.createDirectories(home.state());
            new FlagsEndpoint(server.baseUrl(), token).save(home);
        } catch (IOException | RuntimeException e) {
            if (DiskFullException.isDiskFull(e)) {
                // Read when new loop instances are planned, which read-only mode does not do: written once space is
                // back (saveEndpoint).
                LOG.warn("Disk full: the OFREP address is not written to {} ({})", FlagsEndpoint.urlFile(home),
                        e.toString());
            } else {
                server.close();
                throw e;
            }
        }
        return new FlagsRuntime(home, service, server, token);
    }

    private static void applyRelease(FlagService service, Path releaseDir, String version) throws IOException {
        int changed = service.applyDefaults(FlagDefaults.ofRelease(releaseDir), FlagRevision.Origin.RELEASE,
                "release " + version);
        if (changed > 0) {
            LOG.info("Release {} set {} default flag(s)", version, changed);
        }
    }

    /**
     * Applies a newly installed release's {@code flags.yaml} (flags the API changed are left alone).
     *
     * @throws InvalidFlagException when the file holds a bad flag (nothing changed)
     * @throws io.openclaw.deploy.agent.OperationException when the file cannot be read
     */
    public void releaseDeployed(Path releaseDir, String version) {
        try {
            applyRelease(service, releaseDir, version);
        } catch (IOException e) {
            throw new OperationException(ProblemTypes.INVALID_MANIFEST,
                    400, "cannot read " + FlagDefaults.RELEASE_FILE + ": " + e.getMessage());
        }
    }

    /**
     * Writes the OFREP address where new loop instances are planned from ({@code state/}); for an agent that started on
     * a full disk without it, once space is back.
     */
    public void saveEndpoint() throws IOException {
        Files.createDirectories(home.state());
        endpoint().save(home);
    }

    /** Where this agent serves flags to the loops. */
    public FlagsEndpoint endpoint() {
        return new FlagsEndpoint(server.baseUrl(), token);
    }

    public FlagService service() {
        return service;
    }

    public FlagOperations operations() {
        return service;
    }

    public OfrepServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
        try {
            FlagsEndpoint.forget(home);
        } catch (IOException e) {
            LOG.warn("Cannot remove {}", FlagsEndpoint.urlFile(home), e);
        }
    }
}
