package io.openclaw.deploy.agent.cli.demo;

import io.openclaw.deploy.agent.api.ApiToken;
import io.openclaw.deploy.agent.api.ControlServer;
import io.openclaw.deploy.agent.cli.AgentVersion;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.config.PortRange;
import io.openclaw.deploy.agent.runtime.AgentRuntime;
import io.openclaw.deploy.agent.tls.TlsIdentity;
import io.openclaw.deploy.agent.tls.TlsIdentityStore;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentEndpoint;
import io.openclaw.deploy.protocol.ArtifactDigest;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.protocol.RollbackRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The guided tour: a real agent in a temporary home, the sample app deployed, then replaced blue-green under steady
 * traffic, then rolled back, with the figures that matter. Leaves nothing behind.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Shows a zero-downtime release end to end, in a temporary agent home that is removed afterwards:",
            "  1. starts an agent (router, control API, supervisor) on free local ports,",
            "  2. deploys the sample app as 1.0.0 (15 loops, each a real process),",
            "  3. sends steady traffic through the router to every loop,",
            "  4. deploys 2.0.0 blue-green under that traffic,",
            "  5. rolls back to 1.0.0,",
            "then prints requests served and failed, the switch time and the rollback time.",
            "Exit code 0 when no request failed."
        })
public final class DemoCommand implements Callable<Integer> {
    private static final String V1 = "1.0.0";
    private static final String V2 = "2.0.0";

    @Spec
    CommandSpec spec;

    @Option(names = "--artifact", paramLabel = "ZIP", description = "Release to deploy (default: ${DEFAULT-VALUE}).",
            defaultValue = "examples/sample-app/target/openclaw-sample-app.zip")
    Path artifact;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "1",
            description = "Concurrent clients per loop sending traffic (default: ${DEFAULT-VALUE}).")
    int clientsPerLoop;

    @Option(names = "--keep-home", description = "Keep the temporary agent home (logs, journal) for inspection.")
    boolean keepHome;

    private PrintStream out;

    @Override
    public Integer call() throws Exception {
        try {
            return runDemo();
        } catch (Exception e) {
            spec.commandLine().getErr().println("openclaw-agent: error: the demo failed: " + e.getMessage());
            return 1;
        }
    }

    private int runDemo() throws Exception {
        out = spec.commandLine().getOut() == null ? System.out : new PrintStream(System.out, true);
        if (!Files.isRegularFile(artifact)) {
            spec.commandLine().getErr().println("openclaw-agent: error: no release zip at " + artifact.toAbsolutePath()
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
            out.println();
            try (AgentClient client = new AgentClient(AgentEndpoint.of(api.baseUri(), token, tls.fingerprint()))) {
                report = run(client, runtime.routerPort());
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
        return report.failed() == 0 ? 0 : 1;
    }

    private DemoReport run(AgentClient client, int routerPort) throws Exception {
        String sha;
        try (InputStream in = Files.newInputStream(artifact)) {
            sha = ArtifactDigest.sha256(in);
        }
        out.println("[1/5] Deploying the sample app as " + V1 + " ...");
        try (InputStream in = Files.newInputStream(artifact)) {
            client.uploadArtifact(sha, Files.size(artifact), in);
        }
        Outcome first = deploy(client, new DeployRequest(sha, V1, null, List.of(), Map.of()));
        List<String> loops = client.status().loops().stream().map(l -> l.name()).toList();
        out.printf(Locale.ROOT, "      %s %s in %.1f s: %d loops serving%n", V1, first.deployment().state(),
                first.deployment().durationMillis() / 1000.0, loops.size());

        out.println("[2/5] Sending steady traffic through the router to all " + loops.size() + " loops ("
                + loops.size() * clientsPerLoop + " clients) ...");
        try (Traffic traffic = Traffic.start(routerPort, loops, clientsPerLoop)) {
            awaitAnswers(traffic, 300);

            out.println("[3/5] Deploying " + V2 + " blue-green under traffic ...");
            Outcome second = deploy(client, new DeployRequest(sha, V2, "blue-green", List.of(), Map.of()));
            long afterSwitch = System.nanoTime();
            awaitAnswers(traffic, 300);
            out.printf(Locale.ROOT, "      %s %s in %.1f s; traffic switched in %.2f ms%n", V2,
                    second.deployment().state(), second.deployment().durationMillis() / 1000.0,
                    second.switchMicros() / 1000.0);

            out.println("[4/5] Rolling back to " + V1 + " ...");
            long rollbackAsked = System.nanoTime();
            Deployment rollback = client.rollback(new RollbackRequest(null, "demo"));
            long accepted = System.nanoTime();
            Outcome back = follow(client, rollback);
            awaitAnswers(traffic, 300);
            long settled = traffic.settledOn(V1, rollbackAsked);
            out.printf(Locale.ROOT, "      rollback %s in %d ms; routing switch %.2f ms%n", back.deployment().state(),
                    back.deployment().durationMillis(), back.switchMicros() / 1000.0);

            out.println("[5/5] Stopping traffic ...");
            traffic.stop();
            return new DemoReport(traffic.requests(), traffic.answered(), traffic.failures(),
                    traffic.answersByVersion(), second.switchMicros(), back.switchMicros(),
                    back.deployment().durationMillis(),
                    Duration.ofNanos(accepted - rollbackAsked).toMillis(),
                    settled < 0 ? -1 : Duration.ofNanos(settled - rollbackAsked).toMillis(),
                    traffic.versionsSentAfter(afterSwitch).stream().filter(V2::equals).count());
        }
    }

    private record Outcome(Deployment deployment, long switchMicros) {}

    private Outcome deploy(AgentClient client, DeployRequest request) throws IOException {
        return follow(client, client.deploy(request, null));
    }

    /** Prints the deployment's milestones as they happen and returns how it ended. */
    private Outcome follow(AgentClient client, Deployment started) throws IOException {
        long[] switchMicros = {0};
        client.followEvents(started.id(), 0, event -> {
            if (event.type().equals(EventTypes.TRAFFIC_SWITCHED)) {
                Object micros = event.data().get("switchMicros");
                switchMicros[0] = micros instanceof Number n ? n.longValue() : 0;
            }
            if (isMilestone(event)) {
                out.printf(Locale.ROOT, "      #%-3d %-11s %s%n", event.seq(), event.state(), event.message());
            }
        });
        Deployment finished = client.deployment(started.id());
        if (finished.state() != DeploymentState.SUCCEEDED) {
            throw new IllegalStateException("deployment " + finished.id() + " ended " + finished.state() + ": "
                    + finished.reason());
        }
        return new Outcome(finished, switchMicros[0]);
    }

    private static boolean isMilestone(DeploymentEvent event) {
        return switch (event.type()) {
            case EventTypes.STATE, EventTypes.TRAFFIC_SWITCHED, EventTypes.COMPLETED, EventTypes.ROLLBACK_STARTED -> true;
            default -> false;
        };
    }

    private static void awaitAnswers(Traffic traffic, long more) throws InterruptedException {
        if (!traffic.awaitMoreAnswers(more, Duration.ofSeconds(60))) {
            throw new IllegalStateException("traffic through the router stalled: " + traffic.failures().size()
                    + " failure(s) so far");
        }
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
                d.releases());
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
