package io.openclaw.deploy.demo;

import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.sample.Traffic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One run of the demo against an agent: the sample app deployed, steady traffic to every loop, the chosen parts, the
 * traffic stopped. The steps are planned from the parts before the first one runs, and each progress line shows its
 * number of the planned total ({@code [2/7] ...}), so the total follows the code with nothing to keep in step by hand.
 */
final class Tour {
    static final String V1 = "1.0.0";

    /** A step: its progress line, made when it starts (it may name what earlier steps found), and its work. */
    private record Step(Supplier<String> title, Action action) {}

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    private final DemoSession session;
    private final Path artifact;
    private final int routerPort;
    private final int clientsPerLoop;
    private final List<Step> steps = new ArrayList<>();
    private final List<ReportSection> sections = new ArrayList<>();
    private String sha;
    private List<String> loops = List.of();
    private Traffic traffic;

    Tour(DemoSession session, Path artifact, int routerPort, int clientsPerLoop, Path workDir, Set<DemoPart> parts) {
        this.session = session;
        this.artifact = artifact;
        this.routerPort = routerPort;
        this.clientsPerLoop = clientsPerLoop;
        step(() -> "Deploying the sample app as " + V1 + " ...", this::deploySample);
        step(() -> "Sending steady traffic through the router to all " + loops.size() + " loops ("
                + loops.size() * clientsPerLoop + " clients) ...", this::startTraffic);
        if (parts.contains(DemoPart.BLUE_GREEN)) {
            BlueGreenDemo blueGreen = new BlueGreenDemo(session, V1);
            step(() -> "Deploying " + BlueGreenDemo.VERSION + " blue-green under traffic ...",
                    () -> blueGreen.deploy(sha, traffic));
            step(() -> "Rolling back to " + V1 + " ...", () -> sections.add(blueGreen.rollBack(traffic)));
        }
        if (parts.contains(DemoPart.CANARY)) {
            step(() -> "Releasing a faulty " + CanaryDemo.VERSION + " as a canary of "
                    + String.join(" and ", CanaryDemo.LOOPS) + " (phases of seconds) ...",
                    () -> sections.add(new CanaryDemo(session).run(artifact, workDir, traffic)));
        }
        if (parts.contains(DemoPart.FLAGS)) {
            step(() -> "Releasing " + FlagDemo.LOOP + " " + FlagDemo.VERSION + " by its release flag "
                    + FlagDemo.FLAG + " ...", () -> sections.add(new FlagDemo(session).run(sha, routerPort)));
        }
        step(() -> "Stopping traffic ...", () -> traffic.stop());
    }

    private void step(Supplier<String> title, Action action) {
        steps.add(new Step(title, action));
    }

    /** Runs the steps in order; the first to fail ends the tour, and the traffic stops whichever step ends it. */
    DemoReport run() throws Exception {
        try (AutoCloseable stopsTraffic = () -> {
            if (traffic != null) {
                traffic.close();
            }
        }) {
            for (int i = 0; i < steps.size(); i++) {
                session.out().println("[" + (i + 1) + "/" + steps.size() + "] " + steps.get(i).title().get());
                steps.get(i).action().run();
            }
        }
        return new DemoReport(traffic.requests(), traffic.answered(), traffic.routerFailures(),
                traffic.loopErrorsSent().size(), traffic.answersByVersion(), sections);
    }

    private void deploySample() throws Exception {
        sha = Uploads.upload(session.client(), artifact);
        Deployment first = succeeded(session.watch().follow(
                session.client().deploy(new DeployRequest(sha, V1, null, List.of(), Map.of()), null))).deployment();
        loops = session.client().status().loops().stream().map(l -> l.name()).toList();
        session.out().printf(Locale.ROOT, "      %s %s in %.1f s: %d loops serving%n", V1, first.state(),
                first.durationMillis() / 1000.0, loops.size());
    }

    private void startTraffic() throws InterruptedException {
        traffic = Traffic.start(routerPort, loops, clientsPerLoop);
        DemoSession.awaitAnswers(traffic, 300);
    }

    /** The deployments the demo needs to succeed: anything else stops it with the agent's reason. */
    static DeploymentWatch.Watched succeeded(DeploymentWatch.Watched watched) {
        Deployment d = watched.deployment();
        if (d.state() != DeploymentState.SUCCEEDED) {
            throw new IllegalStateException("deployment " + d.id() + " ended " + d.state() + ": " + d.reason());
        }
        return watched;
    }
}
