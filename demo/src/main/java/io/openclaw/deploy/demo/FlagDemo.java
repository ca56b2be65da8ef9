package io.openclaw.deploy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.openclaw.deploy.protocol.AgentProblemException;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import io.openclaw.deploy.sample.Traffic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The flag part: identity_manager is released by its release flag while keyed callers use it. Beta callers reach the
 * new version at once (the segment becomes the flag's rule), keyed callers follow the flag's percentage, callers
 * without a key stay on the old version, and promotion retires the flag.
 */
final class FlagDemo {
    static final String VERSION = "4.0.0";
    static final String LOOP = "identity_manager";
    static final String FLAG = "release." + LOOP;
    private static final int USERS = 200;
    private static final int LATENCY_P95_MAX_MS = 3000;

    private final DemoSession session;

    FlagDemo(DemoSession session) {
        this.session = session;
    }

    /**
     * One request in ten is a beta caller ({@code X-OpenClaw-User-Tier: beta}), one in ten has no key, the rest are
     * {@value #USERS} keyed users ({@code X-OpenClaw-User}).
     */
    static Traffic.Caller caller(long n) {
        return switch ((int) (n % 10)) {
            case 0 -> new Traffic.Caller("beta-" + (n / 10) % 20, "beta");
            case 1 -> Traffic.Caller.ANONYMOUS;
            default -> new Traffic.Caller("user-" + n % USERS, null);
        };
    }

    FlagFigures run(String sampleSha, int routerPort) throws Exception {
        try (Traffic callers = Traffic.startFor(routerPort, LOOP, 2, FlagDemo::caller)) {
            DemoSession.awaitAnswers(callers, 100);
            session.out().println("      keyed callers of " + LOOP + ": 10 % beta, 80 % keyed users, 10 % without a key;"
                    + " flag phases 20 % and 50 % of 8 s, then 100 % (analysis every second, p95 limit "
                    + LATENCY_P95_MAX_MS / 1000 + " s)");
            DeploymentWatch.Watched release = session.watch().follow(session.client().deploy(
                    new DeployRequest(sampleSha, VERSION, "feature-flag", List.of(LOOP), options()), null),
                    DemoSession.TIME_LIMIT);
            DemoSession.awaitAnswers(callers, 300);
            callers.stop();
            return new FlagFigures(release.deployment(), shares(release, callers),
                    release.first(e -> e.type().equals(EventTypes.INFO) && Boolean.TRUE.equals(e.data().get("retired")))
                            .isPresent() && flagGone(),
                    revisions(), callers.routerFailures().size());
        }
    }

    /**
     * Phases of 8 s, an analysis every second, and the beta segment that becomes the release flag's rule. The p95
     * limit is 3 s instead of 500 ms: the new instance is a JVM seconds old on a machine running some thirty others,
     * and this part shows the ramp, not a latency verdict (the canary part shows the analysis at work).
     */
    private static Map<String, Object> options() {
        return DemoSession.quickPhases(8, 10, 3, Map.of(
                "thresholds", Map.of("latency_p95_max_ms", LATENCY_P95_MAX_MS),
                "segment", Map.of("header", "X-OpenClaw-User-Tier", "values", List.of("beta"))));
    }

    /** Shares on the new version of requests sent while each flag percentage held, and after promotion. */
    private static List<FlagFigures.PhaseShares> shares(DeploymentWatch.Watched release, Traffic callers) {
        // A phase starts with the state event that follows the flag's change: the agent writes it once the routing
        // table that holds the new instances is out (before that, a request the flag turns on still finds only the
        // old version). The flag's own event names the percentage.
        List<DeploymentEvent> marks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String percent = null;
        for (DeploymentEvent e : release.events()) {
            if (e.type().equals(EventTypes.WEIGHTS_CHANGED) && e.data().containsKey("flag")) {
                percent = String.valueOf(e.data().get("percentage"));
            } else if (percent != null && e.type().equals(EventTypes.STATE)
                    && e.state() == DeploymentState.PROGRESSING) {
                marks.add(e);
                names.add("flag " + percent + "%");
                percent = null;
            } else if (e.type().equals(EventTypes.PROMOTED)) {
                marks.add(e);
                names.add("promoted");
            }
        }
        List<Traffic.Answer> answers = callers.answers();
        List<FlagFigures.PhaseShares> phases = new ArrayList<>();
        for (int i = 0; i < marks.size(); i++) {
            DeploymentEvent mark = marks.get(i);
            long from = Moments.nanoTimeOf(mark.time()) + 1_000_000; // the clocks' resolution
            long to = i + 1 < marks.size() ? Moments.nanoTimeOf(marks.get(i + 1).time()) : Long.MAX_VALUE;
            String phase = names.get(i);
            phases.add(FlagFigures.PhaseShares.of(phase, VERSION,
                    answers.stream().filter(a -> a.sentNanos() > from && a.sentNanos() < to).toList()));
        }
        return phases;
    }

    private boolean flagGone() throws Exception {
        try {
            session.client().flag(FLAG);
            return false;
        } catch (AgentProblemException e) {
            return e.problem().status() == 404;
        }
    }

    /** The flag's history, e.g. {@code 20% → 50% → deleted}, each by the deployment. */
    private List<String> revisions() throws Exception {
        List<String> steps = new ArrayList<>();
        for (JsonNode r : session.client().flagRevisions(FLAG).path("revisions")) {
            JsonNode flag = r.path("flag");
            steps.add((flag.isNull() || flag.isMissingNode() ? "deleted"
                    : flag.path("enabled").asBoolean(true) ? flag.path("rollout_percentage").decimalValue().stripTrailingZeros().toPlainString() + "%" : "off")
                    + " by " + r.path("by").asText());
        }
        return steps;
    }
}
