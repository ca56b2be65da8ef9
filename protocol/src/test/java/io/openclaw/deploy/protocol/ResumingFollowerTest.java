package io.openclaw.deploy.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The follow-with-resume policy the CLI and the Jenkins plugin share, against a scripted agent (the wire is the
 * system edge here; {@code AgentClientTest} covers the real one): no event twice or lost, pauses doubling from 1 s to
 * 30 s, the deadline, the outage limit, and a problem ending the follow at once.
 */
class ResumingFollowerTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final String ID = "d-1";

    /** A clock the pauses move forward, so time passes only as the follower waits. */
    private static final class TestClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Each call of followEvents takes the next step: deliver some events then end, or fail. */
    private static final class ScriptedSource implements ResumingFollower.Source {
        final List<DeploymentEvent> events = new ArrayList<>();
        final Deque<Object> steps = new ArrayDeque<>();
        final List<Long> asksAfter = new ArrayList<>();
        DeploymentState state = DeploymentState.PROGRESSING;

        ScriptedSource(int events) {
            for (int i = 1; i <= events; i++) {
                this.events.add(new DeploymentEvent(i, T0, ID, EventTypes.INFO, DeploymentState.PROGRESSING,
                        "event " + i, Map.of()));
            }
        }

        /** The next stream sends events up to {@code seq} (resending earlier ones too) and ends. */
        ScriptedSource upTo(long seq) {
            steps.add(seq);
            return this;
        }

        ScriptedSource failing(AgentClientException e) {
            steps.add(e);
            return this;
        }

        @Override
        public Deployment deployment(String id) {
            return new Deployment(ID, Deployment.KIND_DEPLOY, state, "2.0.0", "1.0.0", "auto", List.of(), null, T0,
                    T0, null, null, events.size(), "tester");
        }

        @Override
        public long followEvents(String id, long afterSeq, Consumer<DeploymentEvent> sink)
                throws AgentClientException {
            asksAfter.add(afterSeq);
            Object step = steps.isEmpty() ? (long) events.size() : steps.poll();
            if (step instanceof AgentClientException e) {
                throw e;
            }
            long upTo = (Long) step;
            // A careless server resends from 0: the follower must drop what it has shown.
            events.stream().filter(e -> e.seq() <= upTo).forEach(sink);
            if (upTo >= events.size()) {
                state = DeploymentState.SUCCEEDED;
            }
            return upTo;
        }
    }

    private final TestClock clock = new TestClock();
    private final List<Duration> pauses = new ArrayList<>();
    private final List<Long> shown = new ArrayList<>();
    private final List<String> retries = new ArrayList<>();

    private ResumingFollower follower(ScriptedSource source) {
        return new ResumingFollower(source, clock, d -> {
            pauses.add(d);
            clock.now = clock.now.plus(d);
        });
    }

    private final ResumingFollower.Listener listener = new ResumingFollower.Listener() {
        @Override
        public void onEvent(DeploymentEvent event) {
            shown.add(event.seq());
        }

        @Override
        public void onRetry(AgentClientException failure, Duration pause) {
            retries.add(failure.getMessage() + " / " + pause.toSeconds() + " s");
        }
    };

    private static AgentUnreachableException lost() {
        return new AgentUnreachableException("connection reset", null);
    }

    @Test
    void aStreamBrokenSeveralTimesIsResumedFromTheLastEventWithDoublingPauses() throws Exception {
        ScriptedSource source = new ScriptedSource(6).upTo(2).failing(lost()).failing(lost()).upTo(4)
                .failing(lost()).upTo(6);

        Deployment end = follower(source).followToEnd(ID, 0, T0.plus(Duration.ofHours(1)), listener);

        assertThat(end.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(shown).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(source.asksAfter).containsExactly(0L, 2L, 2L, 2L, 4L, 4L);
        assertThat(pauses).as("doubling, and back to 1 s after a stream that worked")
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1));
        assertThat(retries).containsExactly("connection reset / 1 s", "connection reset / 2 s",
                "connection reset / 1 s");
    }

    @Test
    void resumingAfterARestartStartsAfterTheLastEventShown() throws Exception {
        ScriptedSource source = new ScriptedSource(5);

        follower(source).followToEnd(ID, 3, T0.plus(Duration.ofHours(1)), listener);

        assertThat(shown).containsExactly(4L, 5L);
        assertThat(source.asksAfter).containsExactly(3L);
    }

    @Test
    void pausesAreCappedAtThirtySecondsAndTheFollowEndsAtTheDeadline() {
        ScriptedSource source = new ScriptedSource(1);
        for (int i = 0; i < 20; i++) {
            source.failing(lost());
        }

        assertThatThrownBy(() -> follower(source).followToEnd(ID, 0, T0.plus(Duration.ofMinutes(2)), listener))
                .isInstanceOf(ResumingFollower.DeadlineExceededException.class)
                .hasMessageContaining("deployment d-1 had not finished by 2026-12-02T10:02:00Z");
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(29));
        assertThat(clock.now).isEqualTo(T0.plus(Duration.ofMinutes(2)));
    }

    @Test
    void anOutageLongerThanAllowedEndsTheFollowWithTheLastFailure() {
        ScriptedSource source = new ScriptedSource(3).upTo(1);
        for (int i = 0; i < 20; i++) {
            source.failing(lost());
        }

        assertThatThrownBy(() -> follower(source).followToEnd(ID, 0, Instant.MAX, Duration.ofSeconds(60), listener))
                .isInstanceOf(AgentUnreachableException.class).hasMessage("connection reset");
        assertThat(shown).containsExactly(1L);
        // 1 + 2 + 4 + 8 + 16 + 30 = 61 s of failures: the next one is past the 60 s allowed.
        assertThat(pauses).hasSize(6);
    }

    @Test
    void aProblemSuchAsAnUnknownDeploymentEndsTheFollowAtOnce() {
        ScriptedSource source = new ScriptedSource(3).failing(new AgentProblemException(
                new Problem(ProblemTypes.NOT_FOUND, "Not Found", 404, "no deployment d-1", null, null)));

        assertThatThrownBy(() -> follower(source).followToEnd(ID, 0, T0.plus(Duration.ofHours(1)), listener))
                .isInstanceOf(AgentProblemException.class);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aDeadlineAlreadyPassedEndsTheFollowWithoutAsking() {
        ScriptedSource source = new ScriptedSource(3);

        assertThatThrownBy(() -> follower(source).followToEnd(ID, 0, T0, listener))
                .isInstanceOf(ResumingFollower.DeadlineExceededException.class);
        assertThat(source.asksAfter).isEmpty();
    }
}
