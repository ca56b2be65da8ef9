package io.openclaw.deploy.agent.rollout;

import static io.openclaw.deploy.agent.rollout.RolloutDecision.Action.NEXT;
import static io.openclaw.deploy.agent.rollout.RolloutDecision.Action.PAUSE;
import static io.openclaw.deploy.agent.rollout.RolloutDecision.Action.PROMOTE;
import static io.openclaw.deploy.agent.rollout.RolloutDecision.Action.ROLLBACK;
import static io.openclaw.deploy.agent.rollout.RolloutDecision.Action.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.config.RolloutConfig.OnInconclusive;
import io.openclaw.deploy.agent.config.RolloutConfig.Phase;
import io.openclaw.deploy.agent.rollout.CanaryAnalysis.Verdict;
import io.openclaw.deploy.agent.rollout.RolloutControl.Request;
import io.openclaw.deploy.agent.rollout.RolloutControl.Requests;
import io.openclaw.deploy.agent.rollout.RolloutDecision.Action;
import io.openclaw.deploy.agent.rollout.RolloutDecision.Cause;
import io.openclaw.deploy.agent.router.TrafficStats;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The canary (and flag-driven, and gradual-cutover) phase decision, one row per situation: clock, what people asked,
 * the analysis, and the policy in; the decision out.
 */
class CanaryDecisionsTest {
    private static final String FLAG_LOOP = "identity_manager";
    private static final String CANARY_LOOP = "browser_agent";
    /** A 4 s phase at 20 %, started 10 s after the deployment was accepted. */
    private static final CanaryPhase PHASE = CanaryPhase.start(new Phase(20, Duration.ofSeconds(4)),
            Duration.ofSeconds(10));
    private static final Duration DURING = Duration.ofSeconds(12);
    private static final Duration AFTER = Duration.ofSeconds(15);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private static final Requests NOTHING = Requests.NONE;
    private static final Requests PAUSED = new Requests(true, null, null);
    private static final Request ALICE_ABORTS = new Request("alice", "numbers look wrong");
    private static final Requests ABORT = new Requests(false, ALICE_ABORTS, null);
    private static final Requests PROMOTE_ASKED = new Requests(false, null, new Request("bob", null));

    private static final String ERRORS = "error rate 0.4810 above 0.0100 (101 of 210 requests in 2 s)";
    private static final String FEW = "inconclusive: 0 canary requests, 5 needed (error rate 0.0000 (0 of 0"
            + " requests), p95 0 ms over 2 s)";

    static CanaryAnalysis check(String loop, Verdict verdict) {
        String summary = switch (verdict) {
            case PASS -> "pass: error rate 0.0000 (0 of 80 requests), p95 10 ms over 2 s";
            case INCONCLUSIVE -> FEW;
            case FAIL -> ERRORS;
        };
        return new CanaryAnalysis(loop, "2.0.0", verdict, verdict == Verdict.FAIL ? "error_rate" : null, summary,
                new TrafficStats(0, 0, 0, 0, Duration.ofSeconds(2)), List.of(), 0);
    }

    static CanaryAnalysis flag(Verdict verdict) {
        return check(FLAG_LOOP, verdict);
    }

    static CanaryAnalysis canary(Verdict verdict) {
        return check(CANARY_LOOP, verdict);
    }

    /** One situation: the phase at {@code now}, (after {@code earlier} checks), then this check. */
    record Row(String name, RolloutPolicy policy, CanaryPhase phase, Requests requests, List<CanaryAnalysis> checks,
               Action action, Cause cause, String reason, List<String> loops) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static RolloutPolicy policy(boolean autoRollback, OnInconclusive onInconclusive) {
        return new RolloutPolicy(autoRollback, onInconclusive, TIMEOUT);
    }

    private static final RolloutPolicy AUTO = policy(true, OnInconclusive.PAUSE);
    private static final RolloutPolicy MANUAL = policy(false, OnInconclusive.PAUSE);

    private static CanaryPhase at(Duration now) {
        return PHASE.at(now);
    }

    private static CanaryPhase passedEarlier(Duration now) {
        return PHASE.checked(List.of(flag(Verdict.PASS), canary(Verdict.PASS))).at(now);
    }

    private static Row row(String name, RolloutPolicy policy, CanaryPhase phase, Requests requests,
            List<CanaryAnalysis> checks, Action action, Cause cause, String reason, List<String> loops) {
        return new Row(name, policy, phase, requests, checks, action, cause, reason, loops);
    }

    static Stream<Row> rows() {
        List<CanaryAnalysis> allPass = List.of(flag(Verdict.PASS), canary(Verdict.PASS));
        List<CanaryAnalysis> flagNoData = List.of(flag(Verdict.INCONCLUSIVE), canary(Verdict.PASS));
        List<CanaryAnalysis> noData = List.of(flag(Verdict.INCONCLUSIVE), canary(Verdict.INCONCLUSIVE));
        List<CanaryAnalysis> canaryFails = List.of(flag(Verdict.PASS), canary(Verdict.FAIL));
        List<CanaryAnalysis> flagFails = List.of(flag(Verdict.FAIL), canary(Verdict.PASS));
        String flagInconclusive = FLAG_LOOP + " 2.0.0 by release flag at 20%: no passing check in the phase's 4 s,"
                + " the last " + FEW;
        String canaryFailed = CANARY_LOOP + " canary failed the analysis at 20%: " + ERRORS;
        return Stream.of(
                // the phase's clock and the analysis
                row("passing checks before the phase's end: wait", AUTO, at(DURING), NOTHING, allPass, WAIT,
                        Cause.IN_PHASE, null, List.of()),
                row("the phase is over and this check passed: next phase", AUTO, at(AFTER), NOTHING, allPass, NEXT,
                        Cause.PHASE_PASSED, null, List.of()),
                row("over, an earlier check passed, this one is inconclusive: next phase", AUTO, passedEarlier(AFTER),
                        NOTHING, noData, NEXT, Cause.PHASE_PASSED, null, List.of()),
                row("an inconclusive window within the phase: wait for more data", AUTO, at(DURING), NOTHING,
                        flagNoData, WAIT, Cause.IN_PHASE, null, List.of()),
                row("over with no passing check, the flag loop inconclusive: pause naming it (default)", AUTO,
                        at(AFTER), NOTHING, flagNoData, PAUSE, Cause.INCONCLUSIVE, flagInconclusive + "; the"
                                + " deployment is paused: resume to go on to the next phase, promote, or abort"
                                + " (canary.on_inconclusive: pause)", List.of(FLAG_LOOP)),
                row("over, inconclusive, on_inconclusive proceed: next phase, saying so",
                        policy(true, OnInconclusive.PROCEED), at(AFTER), NOTHING, flagNoData, NEXT,
                        Cause.INCONCLUSIVE, flagInconclusive + "; going on to the next phase"
                                + " (canary.on_inconclusive: proceed)", List.of(FLAG_LOOP)),
                row("over, inconclusive, on_inconclusive rollback: roll back", policy(true, OnInconclusive.ROLLBACK),
                        at(AFTER), NOTHING, flagNoData, ROLLBACK, Cause.INCONCLUSIVE,
                        flagInconclusive + " (canary.on_inconclusive: rollback)", List.of(FLAG_LOOP)),
                row("over, every loop inconclusive: both named", AUTO, at(AFTER), NOTHING, noData, PAUSE,
                        Cause.INCONCLUSIVE, null, List.of(FLAG_LOOP, CANARY_LOOP)),
                row("held for an inconclusive analysis and still paused: wait", AUTO,
                        at(AFTER).heldInconclusive(), PAUSED, flagNoData, WAIT, Cause.HELD, null, List.of()),
                row("held for an inconclusive analysis, then resumed: the phase counts as done", AUTO,
                        at(AFTER).heldInconclusive(), NOTHING, flagNoData, NEXT, Cause.RESUMED_AFTER_HOLD,
                        "resumed after the analysis stayed inconclusive: the 20% phase counts as done", List.of()),
                // every rollback trigger
                row("a failed check rolls back at once, even mid-phase", AUTO, at(DURING), NOTHING, canaryFails,
                        ROLLBACK, Cause.ANALYSIS_FAILED, canaryFailed, List.of(CANARY_LOOP)),
                row("a failed check of the flag loop names its flag", AUTO, passedEarlier(AFTER), NOTHING, flagFails,
                        ROLLBACK, Cause.ANALYSIS_FAILED, FLAG_LOOP + " 2.0.0 failed the analysis with release flag"
                                + " release." + FLAG_LOOP + " at 20%: " + ERRORS, List.of(FLAG_LOOP)),
                row("paused by a person, a check fails: the pause does not hold a rollback", AUTO, at(DURING), PAUSED,
                        canaryFails, ROLLBACK, Cause.ANALYSIS_FAILED, canaryFailed, List.of(CANARY_LOOP)),
                row("automatic rollback off, a check fails: pause", MANUAL, at(DURING), NOTHING, canaryFails, PAUSE,
                        Cause.ANALYSIS_FAILED, canaryFailed + "; automatic rollback is off, so the deployment is"
                                + " paused for a person to resume, promote or abort it", List.of(CANARY_LOOP)),
                row("automatic rollback off, paused, still failing: stay paused", MANUAL, at(AFTER), PAUSED,
                        canaryFails, WAIT, Cause.ANALYSIS_FAILED, canaryFailed, List.of(CANARY_LOOP)),
                row("automatic rollback off, resumed and passing past the end: next phase", MANUAL,
                        at(AFTER), NOTHING, allPass, NEXT, Cause.PHASE_PASSED, null, List.of()),
                row("the deployment timeout rolls back", AUTO, passedEarlier(TIMEOUT), NOTHING, allPass, ROLLBACK,
                        Cause.TIMED_OUT, "deployment timeout: still running 10 min after it was accepted"
                                + " (rollback.deployment_timeout)", List.of()),
                row("the deployment timeout ends a paused deployment too", AUTO, at(TIMEOUT.plusSeconds(1))
                        .heldInconclusive(), PAUSED, flagNoData, ROLLBACK, Cause.TIMED_OUT, null, List.of()),
                // what people ask
                row("abort rolls back with who asked and why", AUTO, at(DURING), ABORT, allPass, ROLLBACK,
                        Cause.ABORTED, "aborted by alice: numbers look wrong", List.of()),
                row("abort without words", AUTO, at(DURING), new Requests(false, new Request("alice", null), null),
                        allPass, ROLLBACK, Cause.ABORTED, "aborted by alice", List.of()),
                row("abort wins over promote", AUTO, at(DURING), new Requests(true, ALICE_ABORTS,
                        new Request("bob", null)), allPass, ROLLBACK, Cause.ABORTED, null, List.of()),
                row("abort wins over the timeout", AUTO, at(TIMEOUT), ABORT, allPass, ROLLBACK, Cause.ABORTED, null,
                        List.of()),
                row("promote skips the remaining phases", AUTO, at(DURING), PROMOTE_ASKED, noData, PROMOTE,
                        Cause.PROMOTE_REQUESTED, "promotion requested by bob: skipping the remaining phases",
                        List.of()),
                row("promote during a failed check: the person's promotion wins", AUTO, at(DURING), PROMOTE_ASKED,
                        canaryFails, PROMOTE, Cause.PROMOTE_REQUESTED, null, List.of()),
                row("promote while paused after a failure", MANUAL, at(DURING), new Requests(true, null,
                        new Request("bob", null)), canaryFails, PROMOTE, Cause.PROMOTE_REQUESTED, null, List.of()),
                row("paused by a person, past the end and passing: wait", AUTO, passedEarlier(AFTER), PAUSED, allPass,
                        WAIT, Cause.HELD, null, List.of()),
                row("resumed by a person after a plain pause: the phase goes on", AUTO, at(DURING), NOTHING, allPass,
                        WAIT, Cause.IN_PHASE, null, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(Row row) {
        CanaryDecisions decisions = new CanaryDecisions(row.policy(), wording());
        CanaryPhase phase = row.phase().checked(row.checks());

        RolloutDecision decision = decisions.decide(phase, row.requests(), row.checks());

        assertThat(decision.action()).isEqualTo(row.action());
        assertThat(decision.cause()).isEqualTo(row.cause());
        if (row.reason() != null) {
            assertThat(decision.reason()).isEqualTo(row.reason());
        }
        assertThat(decision.loops()).isEqualTo(row.loops());
    }

    @Test
    void aPhasePassesOnlyWhenEveryLoopPassesOneCheckTogether() {
        assertThat(PHASE.checked(List.of(flag(Verdict.PASS), canary(Verdict.INCONCLUSIVE))).passed()).isFalse();
        assertThat(PHASE.checked(List.of()).passed()).isFalse();
        CanaryPhase passed = PHASE.checked(List.of(flag(Verdict.PASS), canary(Verdict.PASS)));
        assertThat(passed.passed()).isTrue();
        assertThat(passed.checked(List.of(flag(Verdict.INCONCLUSIVE))).passed()).as("stays passed").isTrue();
    }

    @Test
    void aPhaseEndsWhenItsDurationHasPassedOnTheDeploymentsClock() {
        assertThat(PHASE.endsAt()).isEqualTo(Duration.ofSeconds(14));
        assertThat(PHASE.at(Duration.ofMillis(13_999)).over()).isFalse();
        assertThat(PHASE.at(Duration.ofSeconds(14)).over()).isTrue();
    }

    @Test
    void aCanaryLoopsInconclusivePhaseIsWordedAsACanary() {
        RolloutDecision decision = new CanaryDecisions(policy(true, OnInconclusive.ROLLBACK), wording())
                .decide(at(AFTER), NOTHING, List.of(flag(Verdict.PASS), canary(Verdict.INCONCLUSIVE)));

        assertThat(decision.reason()).isEqualTo(CANARY_LOOP + " canary 2.0.0 at 20%: no passing check in the"
                + " phase's 4 s, the last " + FEW + " (canary.on_inconclusive: rollback)");
    }

    @Test
    void analysesAreRecordedUnlessAPersonsAbortOrPromotionWon() {
        CanaryDecisions decisions = new CanaryDecisions(AUTO, wording());
        List<CanaryAnalysis> pass = List.of(flag(Verdict.PASS));

        assertThat(decisions.decide(at(DURING), ABORT, pass).recordsAnalyses()).isFalse();
        assertThat(decisions.decide(at(DURING), PROMOTE_ASKED, pass).recordsAnalyses()).isFalse();
        assertThat(decisions.decide(at(DURING), PAUSED, pass).recordsAnalyses()).isTrue();
        assertThat(decisions.decide(at(TIMEOUT), NOTHING, pass).recordsAnalyses()).isTrue();
    }

    /** identity_manager released by its flag, browser_agent by weight. */
    private static RampWording wording() {
        RampHooks hooks = new RampHooks() {
            @Override
            public boolean releasedByFlag(String loop) {
                return Set.of(FLAG_LOOP).contains(loop);
            }
        };
        return new RampWording(Stream.of(FLAG_LOOP, CANARY_LOOP)
                .map(loop -> new LoopMove(loop, null, null, "green", false)).toList(), hooks);
    }
}
