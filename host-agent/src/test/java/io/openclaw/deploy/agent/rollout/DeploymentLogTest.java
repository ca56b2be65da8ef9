package io.openclaw.deploy.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.api.EventSink;
import io.openclaw.deploy.agent.journal.DeploymentRecord;
import io.openclaw.deploy.agent.journal.Journal;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.EventTypes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentLogTest {
    @TempDir
    Path state;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T20:00:00Z"), ZoneOffset.UTC);

    private DeploymentLog newLog(Journal journal) {
        Instant now = clock.instant();
        Deployment view = new Deployment("d-1", Deployment.KIND_DEPLOY, DeploymentState.PENDING, "2.0.0", "1.0.0",
                "auto", List.of(), "ab".repeat(32), now, now, null, null, 0, "admin");
        return new DeploymentLog(journal, clock, new DeploymentRecord(view, null, Map.of(), "1.0.0"), List.of());
    }

    private static final class Recorder implements EventSink {
        final List<DeploymentEvent> events = new ArrayList<>();
        Deployment ended;

        @Override
        public void onEvent(DeploymentEvent event) {
            events.add(event);
        }

        @Override
        public void onEnd(Deployment finished) {
            ended = finished;
        }
    }

    @Test
    void aJournaledDeploymentGivesItsEventsAndAnUnfinishedOneGoesOnNumberingThem() throws Exception {
        Journal journal = new Journal(state);
        DeploymentLog finished = newLog(journal);
        finished.state(DeploymentState.INSTALLING, "installing");
        finished.finish(DeploymentState.SUCCEEDED, null, "done");

        DeploymentLog again = DeploymentLog.journaled(journal, clock, finished.record());
        Recorder follower = new Recorder();
        again.follow(0, follower);

        assertThat(again.events()).isEqualTo(finished.events());
        assertThat(follower.events).isEqualTo(finished.events());
        assertThat(follower.ended.state()).isEqualTo(DeploymentState.SUCCEEDED);

        DeploymentLog interrupted = newLog(new Journal(state.resolve("other")));
        interrupted.state(DeploymentState.INSTALLING, "installing");
        DeploymentLog resumed = DeploymentLog.journaled(new Journal(state.resolve("other")), clock,
                interrupted.record());
        resumed.finish(DeploymentState.ROLLED_BACK, "agent restarted", "rolled back");
        assertThat(resumed.events()).extracting(DeploymentEvent::seq).containsExactly(1L, 2L);
    }

    @Test
    void eventsAreNumberedGaplesslyAndCarryTheState() {
        DeploymentLog log = newLog(new Journal(state));
        log.state(DeploymentState.INSTALLING, "installing");
        log.info(EventTypes.INFO, "unpacked", Map.of());
        log.finish(DeploymentState.SUCCEEDED, null, "done");

        assertThat(log.events()).extracting(DeploymentEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(log.events()).extracting(DeploymentEvent::state)
                .containsExactly(DeploymentState.INSTALLING, DeploymentState.INSTALLING, DeploymentState.SUCCEEDED);
        assertThat(log.view().lastEventSeq()).isEqualTo(3);
        assertThat(log.view().durationMillis()).isZero();
    }

    @Test
    void aPausedDeploymentSaysWhyItIsHeldUntilItGoesOn() throws Exception {
        Journal journal = new Journal(state);
        DeploymentLog log = newLog(journal);
        log.state(DeploymentState.PROGRESSING, "canary 2.0.0 takes 20%");
        assertThat(log.view().reason()).isNull();

        log.pause("identity_manager: no passing check", Map.of("cause", "inconclusive"));
        log.info(EventTypes.ANALYSIS, "identity_manager: inconclusive", Map.of());
        assertThat(log.view().state()).isEqualTo(DeploymentState.PAUSED);
        assertThat(log.view().reason()).isEqualTo("identity_manager: no passing check");
        assertThat(journal.loadDeployments()).singleElement()
                .satisfies(r -> assertThat(r.view().reason()).isEqualTo("identity_manager: no passing check"));
        assertThat(log.events()).last().satisfies(e -> assertThat(e.state()).isEqualTo(DeploymentState.PAUSED));
        assertThat(log.events().get(1).message()).isEqualTo("identity_manager: no passing check");
        assertThat(log.events().get(1).data()).containsEntry("cause", "inconclusive");

        log.state(DeploymentState.PROGRESSING, "resumed by alice");
        assertThat(log.view().reason()).isNull();

        log.pause("paused by alice", Map.of());
        log.finish(DeploymentState.SUCCEEDED, null, "release 2.0.0 is serving");
        assertThat(log.view().reason()).as("a promoted deployment ends without the pause's reason").isNull();
    }

    @Test
    void aFollowerGetsTheEventsAfterItsSequenceThenLiveOnesThenTheEnd() {
        DeploymentLog log = newLog(new Journal(state));
        log.state(DeploymentState.INSTALLING, "one");
        log.state(DeploymentState.STARTING, "two");
        Recorder follower = new Recorder();

        log.follow(1, follower);
        log.finish(DeploymentState.ROLLED_BACK, "health check failed", "rolled back");

        assertThat(follower.events).extracting(DeploymentEvent::message).containsExactly("two", "rolled back");
        assertThat(follower.ended.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(follower.ended.reason()).isEqualTo("health check failed");
    }

    @Test
    void followingAFinishedDeploymentReplaysAndEndsAtOnce() {
        DeploymentLog log = newLog(new Journal(state));
        log.finish(DeploymentState.FAILED, "bad manifest", "failed");
        Recorder follower = new Recorder();

        log.follow(0, follower);

        assertThat(follower.events).hasSize(1);
        assertThat(follower.ended).isNotNull();
    }

    @Test
    void nothingIsRecordedAfterTheEndAndTheJournalHoldsEveryEvent() throws Exception {
        Journal journal = new Journal(state);
        DeploymentLog log = newLog(journal);
        log.state(DeploymentState.INSTALLING, "one");
        log.finish(DeploymentState.SUCCEEDED, null, "done");
        log.info(EventTypes.INFO, "late", Map.of());

        assertThat(log.events()).hasSize(2);
        assertThat(journal.loadEvents("d-1")).extracting(DeploymentEvent::message).containsExactly("one", "done");
        assertThat(journal.loadDeployments()).singleElement()
                .satisfies(r -> assertThat(r.view().state()).isEqualTo(DeploymentState.SUCCEEDED));
    }

    /**
     * Issue 12: a journal write that fails for want of space stops the procedure with {@code disk-full}, yet the
     * deployment still ends (in memory, for its followers), instead of staying "running" forever. {@code /dev/full}
     * answers every write with ENOSPC, as a full disk does.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
    void onAFullDiskAStepStopsTheProcedureAndTheDeploymentStillEnds() throws Exception {
        Path events = java.nio.file.Files.createDirectories(state.resolve("deployments")).resolve("d-1.events.ndjson");
        java.nio.file.Files.createSymbolicLink(events, Path.of("/dev/full"));
        DeploymentLog log = newLog(new Journal(state));
        Recorder follower = new Recorder();
        log.follow(0, follower);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> log.state(DeploymentState.INSTALLING, "installing"))
                .isInstanceOfSatisfying(io.openclaw.deploy.agent.DiskFullException.class,
                        e -> assertThat(e.problemType()).isEqualTo(io.openclaw.deploy.protocol.ProblemTypes.DISK_FULL));
        log.info(EventTypes.INFO, "returning the loops", Map.of()); // told once; the procedure may still tidy up
        log.finish(DeploymentState.FAILED, "the disk of the agent home is full", "failed: disk full");

        assertThat(log.view().state()).isEqualTo(DeploymentState.FAILED);
        assertThat(log.view().reason()).contains("disk");
        assertThat(follower.events).extracting(DeploymentEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(follower.ended).isNotNull();
        assertThat(follower.ended.state()).isEqualTo(DeploymentState.FAILED);
    }
}
