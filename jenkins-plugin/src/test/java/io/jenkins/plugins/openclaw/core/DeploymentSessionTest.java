package io.jenkins.plugins.openclaw.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.protocol.AgentProblemException;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.ResumingFollower;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentSessionTest {
    private static final String KEY = IdempotencyKeys.forStep("app#7", "12");

    private final ScriptedAgent agent = new ScriptedAgent();
    private final List<Duration> pauses = new ArrayList<>();
    private final ResumingFollower follower =
            new ResumingFollower(agent, Clock.fixed(ScriptedAgent.T0, ZoneOffset.UTC), pauses::add);
    private final DeploymentSession session =
            new DeploymentSession(agent, follower, Clock.fixed(ScriptedAgent.T0, ZoneOffset.UTC));
    private final Instant deadline = ScriptedAgent.T0.plus(Duration.ofHours(2));

    /** Records what the Jenkins side would do. */
    private static class RecordingHost implements DeploymentSession.Host {
        final List<String> log = new ArrayList<>();
        final List<Long> seen = new ArrayList<>();
        int checkpoints;
        Deployment accepted;

        @Override
        public void log(String line) {
            log.add(line);
        }

        @Override
        public void accepted(Deployment deployment) {
            accepted = deployment;
        }

        @Override
        public void event(DeploymentEvent event) {
            seen.add(event.seq());
        }

        @Override
        public void checkpoint() {
            checkpoints++;
        }
    }

    private final DeploymentSession.Starter deploy =
            api -> api.deploy(new DeployRequest("abc", "1.4.2", "canary", List.of(), null), KEY);

    @Test
    void freshRunDeploysOnceAndShowsEveryEventInOrder() throws Exception {
        agent.scriptCanary();
        RecordingHost host = new RecordingHost();
        DeploymentSession.Progress progress = new DeploymentSession.Progress();

        Deployment end = session.run(deploy, progress, deadline, host);

        assertThat(end.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(agent.deployCalls).isEqualTo(1);
        assertThat(host.accepted.id()).isEqualTo("d-1");
        assertThat(host.seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(progress.deploymentId()).isEqualTo("d-1");
        assertThat(progress.lastSeq()).isEqualTo(7);
        assertThat(host.checkpoints).as("at acceptance; the events came within one checkpoint interval").isEqualTo(1);
        assertThat(host.log).anySatisfy(l -> assertThat(l).contains("analysis").contains("p99_ms=120"));
    }

    @Test
    void eventsAreCheckpointedAtMostOncePerIntervalNotOnEveryEvent() throws Exception {
        agent.scriptCanary();
        RecordingHost host = new RecordingHost();
        // One second passes per look at the clock: at the start, then once per event (7 events, 7 seconds).
        Clock oneSecondPerLook = new Clock() {
            private int looks;

            @Override
            public Instant instant() {
                return ScriptedAgent.T0.plusSeconds(looks++);
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        DeploymentSession throttled = new DeploymentSession(agent, follower, oneSecondPerLook);

        throttled.run(deploy, new DeploymentSession.Progress(), deadline, host);

        assertThat(DeploymentSession.CHECKPOINT_INTERVAL).isEqualTo(Duration.ofSeconds(2));
        assertThat(host.seen).hasSize(7);
        assertThat(host.checkpoints).as("acceptance, then the events of seconds 2, 4 and 6").isEqualTo(4);
    }

    @Test
    void afterARestartItReattachesToTheSameDeploymentAndContinuesAfterTheLastEventShown() throws Exception {
        agent.scriptCanary();
        DeploymentSession.Progress progress = new DeploymentSession.Progress();
        RecordingHost before = new RecordingHost() {
            @Override
            public void event(DeploymentEvent event) {
                if (event.seq() == 4) {
                    throw new IllegalStateException("controller shutting down"); // dies before showing event 4
                }
                super.event(event);
            }
        };
        assertThatThrownBy(() -> session.run(deploy, progress, deadline, before))
                .hasMessage("controller shutting down");
        assertThat(before.seen).containsExactly(1L, 2L, 3L);

        DeploymentSession.Progress restored = roundTrip(progress); // as the CPS program is saved and loaded
        RecordingHost after = new RecordingHost();
        Deployment end = session.run(deploy, restored, deadline, after);

        assertThat(end.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(agent.deployCalls).as("never deploys twice").isEqualTo(1);
        assertThat(after.accepted).isNull();
        assertThat(after.seen).containsExactly(4L, 5L, 6L, 7L);
        assertThat(after.log.get(0)).contains("re-attached to deployment d-1 after event 3");
    }

    @Test
    void aRepeatedDeployAfterALostAnswerGetsTheSameDeploymentFromTheAgent() throws Exception {
        agent.scriptCanary();
        Deployment first = deploy.start(agent);
        Deployment again = deploy.start(agent);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(agent.byKey).hasSize(1);
    }

    @Test
    void aDroppedStreamIsResumedWithoutRepeatingEventsAndWithGrowingPauses() throws Exception {
        agent.scriptCanary();
        agent.dropAfter = 2;
        RecordingHost host = new RecordingHost();

        Deployment end = session.run(deploy, new DeploymentSession.Progress(), deadline, host);

        assertThat(end.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(host.seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(agent.streamsOpened).isEqualTo(4);
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(host.log).filteredOn(l -> l.contains("lost the agent's event stream")).hasSize(3);
    }

    @Test
    void aRolledBackDeploymentEndsWithTheAgentsReason() throws Exception {
        agent.finalState = DeploymentState.ROLLED_BACK;
        agent.finalReason = "planner: error rate 7.5% above 1%";
        agent.scriptCanary();

        Deployment end = session.run(deploy, new DeploymentSession.Progress(), deadline, new RecordingHost());

        assertThat(end.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(StepResults.isFailure(end)).isTrue();
        assertThat(StepResults.failureMessage("win-prod-01", end))
                .isEqualTo("OpenClaw deployment d-1 of version 1.4.2 on agent win-prod-01 was rolled back: "
                        + "planner: error rate 7.5% above 1%");
    }

    @Test
    void anUnknownDeploymentEndsTheFollowAtOnce() {
        DeploymentSession.Progress progress = new DeploymentSession.Progress();
        progress.accepted("d-404");

        assertThatThrownBy(() -> session.run(deploy, progress, deadline, new RecordingHost()))
                .isInstanceOf(AgentProblemException.class);
        assertThat(agent.deployCalls).isZero();
    }

    @Test
    void anAgentThatStaysUnreachableEndsTheStepAtTheDeadlineWithCappedPauses() {
        agent.scriptCanary();
        agent.dropAfter = 0; // every stream breaks at once
        Instant[] now = {ScriptedAgent.T0};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        List<Duration> waits = new ArrayList<>();
        ResumingFollower slowFollower = new ResumingFollower(agent, clock, d -> {
            waits.add(d);
            now[0] = now[0].plus(d);
        });
        Instant soon = ScriptedAgent.T0.plusSeconds(100);

        assertThatThrownBy(() -> new DeploymentSession(agent, slowFollower)
                        .run(deploy, new DeploymentSession.Progress(), soon, new RecordingHost()))
                .isInstanceOf(ResumingFollower.DeadlineExceededException.class)
                .hasMessageContaining("d-1");
        assertThat(waits).startsWith(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4))
                .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(30)));
        assertThat(waits.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofSeconds(100));
    }

    private static DeploymentSession.Progress roundTrip(DeploymentSession.Progress p) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(p);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (DeploymentSession.Progress) in.readObject();
        }
    }

    @Test
    void aStepStoppedWhileTheStreamBreaksEndsWithoutAFalseRetryLine() throws Exception {
        agent.scriptCanary();
        agent.dropAfter = 0; // the stream breaks, as it does when the build is aborted and the client interrupted
        RecordingHost host = new RecordingHost();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> session.run(deploy, new DeploymentSession.Progress(), deadline, host))
                    .isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(host.log).noneSatisfy(l -> assertThat(l).contains("lost the agent's event stream"));
        assertThat(pauses).isEmpty();
    }
}
