package io.openclaw.deploy.agent.cli;

import io.netty.handler.ssl.SslContext;
import io.openclaw.deploy.agent.api.ApiToken;
import io.openclaw.deploy.agent.api.ControlServer;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentConfigLoader;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.config.ConfigException;
import io.openclaw.deploy.agent.flags.FlagsToken;
import io.openclaw.deploy.agent.platform.Platform;
import io.openclaw.deploy.agent.platform.SecretFiles;
import io.openclaw.deploy.agent.runtime.AgentRuntime;
import io.openclaw.deploy.agent.runtime.StartStep;
import io.openclaw.deploy.agent.runtime.StartupTimeline;
import io.openclaw.deploy.agent.service.AgentStarter.StartFailure;
import io.openclaw.deploy.agent.service.ServiceExitCode;
import io.openclaw.deploy.agent.tls.OwnerOnlyFiles;
import io.openclaw.deploy.agent.tls.TlsIdentity;
import io.openclaw.deploy.agent.tls.TlsIdentityStore;
import io.openclaw.deploy.agent.verification.MetricsScrape;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentClientException;
import io.openclaw.deploy.protocol.AgentEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The running agent as {@code serve} and {@code service run} both start it: secrets checked, runtime started, control
 * API listening. Closing it stops the agent; the router and the loops stay unless a full stop was asked for.
 */
public final class AgentProcess implements AutoCloseable {
    /** Logging's own start step, when a command of this process began one (see {@link #configureLogging}). */
    private static volatile StartStep<?> logging;

    private final AgentRuntime runtime;
    private final AgentHome home;
    private final AgentConfig config;
    private final ControlServer api;
    private final TlsIdentity tls;

    private volatile boolean stopEverything;

    private AgentProcess(AgentRuntime runtime, AgentHome home, AgentConfig config, ControlServer api, TlsIdentity tls) {
        this.runtime = runtime;
        this.home = home;
        this.config = config;
        this.api = api;
        this.tls = tls;
    }

    /**
     * Points the agent's logging at {@code HOME/logs}. Must run before the first logger is created, so the commands
     * call it first thing.
     */
    public static void configureLogging(AgentHome home) {
        System.setProperty(AgentLogging.DIR_PROPERTY, home.logs().toString());
        System.setProperty(AgentLogging.KIND_PROPERTY, AgentLogging.AGENT);
        // Reading the logging configuration takes a noticeable part of a restart (docs/reliability.md); it happens
        // beside the rest of the start, and loggers asked for meanwhile are served once it is done (SLF4J).
        logging = StartStep.begin("logging", LoggerFactory::getILoggerFactory);
    }

    /**
     * Waits until logging is set up, if a command began setting it up: what was logged meanwhile is written only
     * then, so a process must not exit before (an agent that refuses to start says why in its log).
     */
    public static void awaitLogging() {
        StartStep<?> step = logging;
        if (step != null) {
            step.discard(factory -> { });
        }
    }

    /** Whether {@code home} looks like an agent home; the message says how to make one. */
    public static String missingHome(AgentHome home) {
        return Files.isRegularFile(home.configFile()) ? null : "no agent home at " + home.root() + " (missing "
                + home.configFile() + "); create it with: openclaw-agent init --home " + home.root();
    }

    public static AgentProcess start(AgentHome home, Platform platform) throws StartFailure {
        StartupTimeline timeline = StartupTimeline.sinceJvmStart();
        String missing = missingHome(home);
        if (missing != null) {
            throw new StartFailure(ServiceExitCode.BAD_HOME, missing, null);
        }
        String priority = platform.raisePriorityAboveChildren();
        try {
            SecretFiles.require(platform.secretFileCheck(),
                    List.of(home.tokenFile(), home.keyStore(), TlsIdentityStore.passwordFile(home),
                            home.conf().resolve(FlagsToken.FILE)));
        } catch (SecretFiles.InsecureSecretsException e) {
            throw new StartFailure(ServiceExitCode.INSECURE_SECRETS, e.getMessage(), null);
        } catch (IOException e) {
            throw new StartFailure(ServiceExitCode.INSECURE_SECRETS, "cannot check the secret files: " + e.getMessage(), e);
        }
        // Decrypting the key store is a key derivation, and the API's TLS context sets up the JDK's TLS provider: both
        // run beside the rest of the start, which needs only the certificate's fingerprint, and only at its end.
        StartStep<ApiTls> tlsLoad = StartStep.begin("tls", () -> ApiTls.load(home));
        AgentConfig config;
        try {
            config = AgentConfigLoader.load(home.configFile());
        } catch (ConfigException | IOException e) {
            throw new StartFailure(ServiceExitCode.BAD_HOME, e.getMessage(), e);
        }
        timeline.mark("configuration");
        AgentRuntime runtime = null;
        try {
            runtime = AgentRuntime.start(home, config, () -> tlsLoad.join().identity().fingerprint(),
                    AgentVersion.current(), Clock.systemUTC(), platform.processControl(), timeline);
            TlsIdentity tls = tlsLoad.join().identity();
            ApiToken token = ApiToken.load(home.tokenFile());
            // POSIX only: there the socket's mode is what keeps other users out. Windows has AF_UNIX sockets too, but
            // their protection by the home's ACLs has not been tried on Windows, so clients there keep to HTTPS.
            Path socket = OwnerOnlyFiles.supportsPosix(home.root()) ? home.controlSocket() : null;
            ControlServer api = new ControlServer(config.listen().bind(), config.listen().apiPort(), tls, token,
                    runtime.operations()).withServerContext(tlsLoad.join().serverContext()).withFlags(runtime.flags())
                    .withLocalSocket(socket).start();
            timeline.mark("API");
            runtime.backInControl();
            runtime.closeWith(api);
            runtime.scrapeMetricsWith(selfScrape(runtime, api, home, tls));
            StartupArchive.ofThisJvm().ifPresent(archive -> archive.refreshLater(archiveSettle()));
            // Not a static logger: this class is used before configureLogging has pointed logging at the home.
            LoggerFactory.getLogger(AgentProcess.class).info("{}; {}", timeline.summary(), priority);
            return new AgentProcess(runtime, home, config, api, tls);
        } catch (Exception e) {
            if (runtime != null) {
                runtime.close();
            }
            throw new StartFailure(ServiceExitCode.START_FAILED, e.getMessage(), e);
        }
    }

    /** The agent's TLS identity and the control API's server context made from it. */
    private record ApiTls(TlsIdentity identity, SslContext serverContext) {
        static ApiTls load(AgentHome home) throws IOException {
            TlsIdentity identity = TlsIdentityStore.load(home);
            return new ApiTls(identity, identity.serverContext());
        }
    }

    /** {@code -Dopenclaw.cds.settle=PT5S} writes the class-data archive sooner after start (tests, benchmarks). */
    private static Duration archiveSettle() {
        String settle = System.getProperty("openclaw.cds.settle");
        try {
            return settle == null ? StartupArchive.DEFAULT_SETTLE : Duration.parse(settle);
        } catch (DateTimeParseException e) {
            return StartupArchive.DEFAULT_SETTLE;
        }
    }

    /** The verification reads {@code /metrics} the way Prometheus does: over TLS, with the token (spec 10.2). */
    private static MetricsScrape selfScrape(AgentRuntime runtime,
            ControlServer api, AgentHome home, TlsIdentity tls) throws IOException {
        AgentClient self = new AgentClient(
                new AgentEndpoint(api.baseUri(), ApiToken.readFile(home.tokenFile()),
                        tls.fingerprint(), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        runtime.closeWith(self);
        return () -> {
            try {
                return self.metrics();
            } catch (AgentClientException e) {
                throw new IOException(e.getMessage(), e);
            }
        };
    }

    public AgentConfig config() {
        return config;
    }

    /** The line {@code serve} prints when it is ready (tests and scripts wait for it). */
    public String readyLine() {
        return "openclaw-agent ready: router=http://" + config.listen().bind() + ":" + runtime.routerPort()
                + " api=" + api.baseUri() + " fingerprint=" + tls.fingerprint() + " pid=" + ProcessHandle.current().pid();
    }

    /** Makes this process' stop a stop of everything (router and loops), as {@code serve --stop-all-on-exit} asks. */
    public void stopEverythingOnClose() {
        stopEverything = true;
    }

    /**
     * The agent's stop. OpenClaw keeps serving (router process and loops stay, the next agent adopts them) unless a
     * full stop was asked for, by {@link #stopEverythingOnClose} or {@link FullStop#request}.
     */
    @Override
    public void close() {
        if (FullStop.take(home) || stopEverything) {
            runtime.close();
        } else {
            runtime.detach();
        }
    }
}
