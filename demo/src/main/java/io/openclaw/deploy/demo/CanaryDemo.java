package io.openclaw.deploy.demo;

import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.sample.Traffic;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The canary part: a release whose canary loops answer 20 % errors goes out as a canary with phases of seconds; the
 * agent's own analysis catches it and rolls it back, and the traffic shows nothing reaches it afterwards.
 */
final class CanaryDemo {
    static final String VERSION = "3.0.0";
    static final List<String> LOOPS = List.of("browser_agent", "gpt_interface");
    static final double ERROR_RATE = 0.2;

    private final DemoSession session;

    CanaryDemo(DemoSession session) {
        this.session = session;
    }

    CanaryFigures run(Path sample, Path workDir, Traffic traffic) throws Exception {
        Path faulty = DemoRelease.withErrorRate(sample, workDir.resolve("sample-" + VERSION + "-faulty.zip"), VERSION,
                LOOPS, ERROR_RATE);
        String sha = Uploads.upload(session.client(), faulty);
        session.out().printf("      built %s from the sample release with SAMPLE_ERROR_RATE=%.2f on %s%n", VERSION, ERROR_RATE,
                String.join(", ", LOOPS));
        session.out().println("      canary phases 20 % and 50 % of 10 s, then 100 % (analysis every second over 5 s)");
        DeploymentWatch.Watched canary = session.watch().follow(
                session.client().deploy(new DeployRequest(sha, VERSION, "canary", LOOPS,
                        DemoSession.quickPhases(10, 10, 5, Map.of())), null), DemoSession.TIME_LIMIT);
        // Enough traffic after the end to show that nothing reaches the canary any more.
        DemoSession.awaitAnswers(traffic, 300);

        DeploymentEvent failedCheck = canary.first(e -> e.type().equals(EventTypes.ANALYSIS)
                && "fail".equals(e.data().get("result"))).orElse(null);
        DeploymentEvent canaryOff = canary.first(e -> e.type().equals(EventTypes.ROLLBACK_STARTED)
                && e.data().containsKey("canaryOffMicros")).orElse(null);
        // The event is written once the canary is out of the routing table; 1 ms covers the clocks' resolution.
        long offNanos = canaryOff == null ? Long.MAX_VALUE : Moments.nanoTimeOf(canaryOff.time()) + 1_000_000;
        List<Long> reached = reachedCanary(traffic);
        long lastReached = reached.stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
        return new CanaryFigures(canary.deployment(), failedCheck, canaryOff,
                traffic.answers().stream().filter(a -> a.version().equals(VERSION)).count(),
                traffic.loopErrorsSent().size(),
                reached.stream().filter(sent -> sent > offNanos).count(),
                failedCheck == null || reached.isEmpty() ? null
                        : Moments.millisBetween(Moments.nanoTimeOf(failedCheck.time()), lastReached));
    }

    /** Send times of every request the canary answered: its 200s and its own injected 5xx. */
    private static List<Long> reachedCanary(Traffic traffic) {
        List<Long> served = traffic.answers().stream().filter(a -> a.version().equals(VERSION))
                .map(Traffic.Answer::sentNanos).toList();
        return Stream.concat(served.stream(), traffic.loopErrorsSent().stream()).toList();
    }
}
