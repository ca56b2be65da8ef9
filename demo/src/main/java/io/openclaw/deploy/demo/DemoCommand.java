package io.openclaw.deploy.demo;

import io.openclaw.deploy.agent.api.ApiToken;
import io.openclaw.deploy.agent.api.ControlServer;
import io.openclaw.deploy.agent.cli.AgentVersion;
import io.openclaw.deploy.agent.cli.ExitCodes;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.config.PortRange;
import io.openclaw.deploy.agent.config.VerificationSettings;
import io.openclaw.deploy.agent.runtime.AgentRuntime;
import io.openclaw.deploy.agent.tls.TlsIdentity;
import io.openclaw.deploy.agent.tls.TlsIdentityStore;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentEndpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The guided tour: a real agent in a temporary home, the sample app deployed, then under steady traffic replaced
 * blue-green and rolled back, a faulty canary caught and rolled back by the agent's analysis, and a flag-driven release,
 * with the figures that matter. Leaves nothing behind.
 *
 * <p>The agent is host-agent's own runtime and control API, started in this JVM as {@code serve} starts them (the
 * router is a process of its own either way), rather than the agent jar started as a second process: the demo then needs
 * no built agent jar and no hand-over of ports, token and certificate between processes, starts as fast as an agent
 * does, and the agent's event times and the traffic's send times share a clock ({@link Moments}).
 */
@Command(
        name = "openclaw-demo",
        mixinStandardHelpOptions = true,
        versionProvider = DemoCommand.Version.class,
        description = {
            "Shows zero-downtime releases end to end, in a temporary agent home that is",
            "removed afterwards. It starts an agent (router, control API, supervisor) on",
            "free local ports, deploys the sample app as 1.0.0 (15 loops, each a real",
            "process) and sends steady traffic through the router to every loop. Then the",
            "parts (all three unless --only says otherwise):",
            "  blue-green  deploys 2.0.0 blue-green under that traffic, rolls back to 1.0.0;",
            "  canary      builds 3.0.0 from the sample release with SAMPLE_ERROR_RATE=0.20",
            "              on browser_agent and gpt_interface and releases it as a canary",
            "              with phases of seconds: the agent's analysis catches the errors",
            "              and rolls it back by itself;",
            "  flags       releases identity_manager 4.0.0 by its release flag to keyed",
            "              callers: beta users at once, keyed users by the flag's",
            "              percentage; promotion retires the flag.",
            "Last it prints requests served and failed, and the figures of each part.",
            "Exit code 0 when no request failed through the router and every part ended",
            "as shown, 1 otherwise, 2 when the release zip is missing or an option is wrong."
        })
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--artifact", paramLabel = "ZIP", description = "Release to deploy (default: ${DEFAULT-VALUE}).",
            defaultValue = "examples/sample-app/target/openclaw-sample-app.zip")
    Path artifact;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "1",
            description = "Concurrent clients per loop sending traffic (default: ${DEFAULT-VALUE}).")
    int clientsPerLoop;

    @Option(names = "--only", paramLabel = "PART", split = ",", converter = DemoPart.Converter.class,
            description = "Runs only these parts, comma-separated, in the order blue-green, canary, flags"
                    + " (default: all three), e.g. --only canary,flags.")
    List<DemoPart> only;

    @Option(names = "--keep-home", description = "Keep the temporary agent home (logs, journal) for inspection.")
    boolean keepHome;

    private PrintStream out;

    /** Entry point of {@code openclaw-demo.jar}. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    static CommandLine commandLine() {
        return new CommandLine(new DemoCommand()).setParameterExceptionHandler(DemoCommand::usageError);
    }

    /** A wrong option is one line naming it, as the agent's commands say it, not the whole usage text. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        e.getCommandLine().getErr().println("openclaw-demo: error: " + e.getMessage() + " (see 'openclaw-demo --help')");
        e.getCommandLine().getErr().flush();
        return ExitCodes.USAGE;
    }

    /** The version of the agent the demo runs, which is the build's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"openclaw-demo " + AgentVersion.current()};
        }
    }

    @Override
    public Integer call() throws Exception {
        try {
            return runDemo();
        } catch (Exception e) {
            spec.commandLine().getErr().println("openclaw-demo: error: the demo failed: " + e.getMessage());
            return 1;
        }
    }

    private Set<DemoPart> parts() {
        return only == null || only.isEmpty() ? EnumSet.allOf(DemoPart.class) : EnumSet.copyOf(only);
    }

    private int runDemo() throws Exception {
        out = spec.commandLine().getOut() == null ? System.out : new PrintStream(System.out, true);
        if (!Files.isRegularFile(artifact)) {
            spec.commandLine().getErr().println("openclaw-demo: error: no release zip at " + artifact.toAbsolutePath()
                    + "; build it first with: mvn -B -q package -DskipTests");
            return 2;
        }
        Path root = Files.createTempDirectory("openclaw-demo-");
        AgentHome home = new AgentHome(root);
        DemoReport report;
        AgentRuntime runtime = null;
        try {
            TlsIdentity tls = TlsIdentityStore.create(home, Set.of("localhost", "127.0.0.1"));
            String token = ApiToken.createFile(home.tokenFile());
            AgentConfig config = demoConfig();
            runtime = AgentRuntime.start(home, config, tls.fingerprint(), AgentVersion.current(), Clock.systemUTC());
            ControlServer api = new ControlServer("127.0.0.1", 0, tls, ApiToken.of(token), runtime.operations())
                    .withFlags(runtime.flags())
                    .start();
            runtime.closeWith(api);
            out.println("OpenClaw Deploy demo");
            out.println("  agent home   " + root + (keepHome ? "" : " (removed at the end)"));
            out.println("  router       http://127.0.0.1:" + runtime.routerPort());
            out.println("  control API  " + api.baseUri() + "  (certificate " + tls.fingerprint().substring(0, 16)
                    + "…)");
            out.println("  parts        " + parts().stream().map(DemoPart::label).collect(Collectors.joining(", ")));
            out.println();
            try (AgentClient client = new AgentClient(AgentEndpoint.of(api.baseUri(), token, tls.fingerprint()))) {
                DemoSession session = new DemoSession(client, new DeploymentWatch(client, out), out);
                report = new Tour(session, artifact, runtime.routerPort(), clientsPerLoop,
                        Files.createDirectories(root.resolve("demo")), parts()).run();
            }
        } finally {
            if (runtime != null) {
                out.println("Stopping the agent and its loops ...");
                runtime.close();
            }
            if (!keepHome) {
                deleteTree(root);
            }
        }
        report.print(out);
        return report.asExpected() ? 0 : 1;
    }

    /** Default ports when free, so the demo looks like a real agent; otherwise any free block. */
    private static AgentConfig demoConfig() {
        AgentConfig d = AgentConfig.defaults();
        int base = PortBlocks.freeBlock(d.slots().blue().first(), 100);
        return new AgentConfig(
                new AgentConfig.Listen("127.0.0.1", 0, 0),
                new AgentConfig.Slots(new PortRange(base, base + 14), new PortRange(base + 20, base + 34),
                        new PortRange(base + 40, base + 99), Duration.ofSeconds(60)),
                d.supervision(),
                d.releases())
                // The demo runs on a developer's machine, busy with the demo's own 15 starting loops and traffic:
                // its CPU and p95 show in every report but do not roll the tour's deployments back.
                .withVerification(VerificationSettings.DEFAULTS.withWarnOnly(Set.of("cpu", "p95_latency")));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
