package io.openclaw.deploy.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.config.RolloutConfig.OnInconclusive;
import io.openclaw.deploy.agent.rollout.RolloutControl.Request;
import io.openclaw.deploy.agent.rollout.RolloutControl.Requests;
import io.openclaw.deploy.agent.rollout.RolloutDecision.Action;
import io.openclaw.deploy.agent.rollout.RolloutDecision.Cause;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The decision of a rolling batch's stabilization wait, one row per situation. */
class RollingDecisionsTest {
    private static final RollingDecisions DECISIONS =
            new RollingDecisions(new RolloutPolicy(true, OnInconclusive.PAUSE, Duration.ofMinutes(30)));
    /** A 60 s wait from 100 s after the deployment was accepted. */
    private static final RollingDecisions.Stabilization WAIT =
            new RollingDecisions.Stabilization("rag_loop", Duration.ofSeconds(100), Duration.ofSeconds(160));
    private static final Duration DURING = Duration.ofSeconds(130);
    private static final Duration AFTER = Duration.ofSeconds(160);
    private static final List<String> HEALTHY = List.of();
    private static final List<String> SICK = List.of("rag_loop-green-0", "rag_loop-green-1");
    private static final Requests NOTHING = Requests.NONE;
    private static final Requests PAUSED = new Requests(true, null, null);
    private static final Requests ABORT = new Requests(false, new Request("alice", "wrong build"), null);

    record Row(String name, Duration now, Requests requests, List<String> unhealthy, Action action, Cause cause,
               String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("during the wait: wait", DURING, NOTHING, HEALTHY, Action.WAIT, Cause.IN_PHASE, null),
                new Row("an unhealthy instance during the wait is judged at its end", DURING, NOTHING, SICK,
                        Action.WAIT, Cause.IN_PHASE, null),
                new Row("the wait is over, every new instance healthy: next batch", AFTER, NOTHING, HEALTHY,
                        Action.NEXT, Cause.STABILIZED, null),
                new Row("the wait is over with unhealthy new instances: roll back naming them", AFTER, NOTHING, SICK,
                        Action.ROLLBACK, Cause.UNHEALTHY, "rag_loop: health check failed for rag_loop-green-0,"
                                + " rag_loop-green-1 during the stabilization wait"),
                new Row("paused past the wait's end: hold", AFTER.plusSeconds(30), PAUSED, HEALTHY, Action.WAIT,
                        Cause.HELD, null),
                new Row("paused past the end with unhealthy instances: still held", AFTER, PAUSED, SICK, Action.WAIT,
                        Cause.HELD, null),
                new Row("abort rolls back at once", DURING, ABORT, HEALTHY, Action.ROLLBACK, Cause.ABORTED,
                        "aborted by alice: wrong build"),
                new Row("abort while paused", AFTER, new Requests(true, new Request("alice", null), null), HEALTHY,
                        Action.ROLLBACK, Cause.ABORTED, "aborted by alice"),
                new Row("a promotion request does not apply to a batch", DURING,
                        new Requests(false, null, new Request("bob", null)), HEALTHY, Action.WAIT, Cause.IN_PHASE,
                        null),
                new Row("the deployment timeout rolls back", Duration.ofMinutes(30), PAUSED, HEALTHY,
                        Action.ROLLBACK, Cause.TIMED_OUT, "deployment timeout: still running 30 min after it was"
                                + " accepted (rollback.deployment_timeout)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(Row row) {
        RolloutDecision decision = DECISIONS.decide(WAIT.at(row.now()), row.requests(), row.unhealthy());

        assertThat(decision.action()).isEqualTo(row.action());
        assertThat(decision.cause()).isEqualTo(row.cause());
        if (row.reason() != null) {
            assertThat(decision.reason()).isEqualTo(row.reason());
        }
    }

    @ParameterizedTest(name = "a zero wait decides at once: {0}")
    @MethodSource("zeroWait")
    void aZeroWaitDecidesAtOnce(List<String> unhealthy, Action action) {
        RollingDecisions.Stabilization none =
                new RollingDecisions.Stabilization("rag_loop", Duration.ofSeconds(5), Duration.ofSeconds(5));

        assertThat(DECISIONS.decide(none, NOTHING, unhealthy).action()).isEqualTo(action);
    }

    static Stream<Arguments> zeroWait() {
        return Stream.of(Arguments.of(HEALTHY, Action.NEXT),
                Arguments.of(SICK, Action.ROLLBACK));
    }
}
