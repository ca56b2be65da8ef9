package io.openclaw.deploy.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.release.StateSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store's steps on a real agent home: stage, final copy, restore, and a corrupt snapshot. */
class FileStateMigrationTest {
    private static final StateSpec SPEC = new StateSpec("memory_manager", null, null, false, 3);

    @TempDir
    Path tmp;

    private final List<String> steps = new ArrayList<>();
    private final StateEvents events = (loop, step, message, data) -> steps.add(step);

    private Path stateDir(AgentHome home, String slot) {
        return home.slotData(slot).resolve("memory_manager");
    }

    @Test
    void theServingSlotsFilesAreStagedIntoTheNewSlotReplacingWhatWasThere() throws Exception {
        AgentHome home = new AgentHome(tmp);
        Path blue = Files.createDirectories(stateDir(home, "blue").resolve("notes"));
        Files.writeString(stateDir(home, "blue").resolve("counter"), "12");
        Files.writeString(blue.resolve("a.txt"), "alpha");
        Path green = Files.createDirectories(stateDir(home, "green"));
        Files.writeString(green.resolve("stale"), "from an older deployment");
        StateMigration migration = new StateMigration(home, Clock.systemUTC());

        StateMigration.Staged staged = migration.stage("memory_manager", SPEC, "blue", "green", events);

        assertThat(Files.readString(green.resolve("counter"))).isEqualTo("12");
        assertThat(Files.readString(green.resolve("notes/a.txt"))).isEqualTo("alpha");
        assertThat(green.resolve("stale")).doesNotExist();
        assertThat(staged.snapshots()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo(StateSnapshot.PRE_DEPLOYMENT);
            assertThat(s.sourceSlot()).isEqualTo("blue");
            assertThat(s.entries()).extracting(SnapshotEntry::name).containsExactly("counter", "notes/a.txt");
        });
        assertThat(steps).containsExactly("snapshot", "validated", "staged");
        try (Stream<Path> leftovers = Files.list(home.slotData("green"))) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactly("memory_manager");
        }
    }

    @Test
    void theFinalCopyCarriesOnlyWhatChangedSinceTheSnapshot() throws Exception {
        AgentHome home = new AgentHome(tmp);
        Path blue = Files.createDirectories(stateDir(home, "blue"));
        Files.writeString(blue.resolve("counter"), "1");
        Files.writeString(blue.resolve("gone"), "deleted later");
        StateMigration migration = new StateMigration(home, Clock.systemUTC());
        StateMigration.Staged staged = migration.stage("memory_manager", SPEC, "blue", "green", events);
        Files.writeString(blue.resolve("counter"), "2");
        Files.delete(blue.resolve("gone"));
        Files.writeString(blue.resolve("new"), "added");
        steps.clear();

        migration.syncChanges(staged, false, events);

        Path green = stateDir(home, "green");
        assertThat(Files.readString(green.resolve("counter"))).isEqualTo("2");
        assertThat(Files.readString(green.resolve("new"))).isEqualTo("added");
        assertThat(green.resolve("gone")).doesNotExist();
        assertThat(steps).containsExactly("snapshot", "sync");
    }

    @Test
    void afterTheNewSlotServedItsOwnChangesAreKeptAndAnItemBothChangedTakesTheServingSlotsVersion() throws Exception {
        AgentHome home = new AgentHome(tmp);
        Path blue = Files.createDirectories(stateDir(home, "blue"));
        Files.writeString(blue.resolve("shared"), "0");
        Files.writeString(blue.resolve("blue-only"), "0");
        Files.writeString(blue.resolve("green-only"), "0");
        StateMigration migration = new StateMigration(home, Clock.systemUTC());
        StateMigration.Staged staged = migration.stage("memory_manager", SPEC, "blue", "green", events);
        Path green = stateDir(home, "green");
        // Both slots served (a canary): each changed items of its own, and both changed one.
        Files.writeString(blue.resolve("shared"), "blue's");
        Files.writeString(blue.resolve("blue-only"), "1");
        Files.writeString(blue.resolve("blue-new"), "added by blue");
        Files.writeString(green.resolve("shared"), "green's");
        Files.writeString(green.resolve("green-only"), "1");
        Files.writeString(green.resolve("green-new"), "added by green");
        List<java.util.Map<String, Object>> sync = new ArrayList<>();
        steps.clear();

        migration.syncChanges(staged, true, (loop, step, message, data) -> {
            steps.add(step);
            if (step.equals("sync")) {
                sync.add(data);
            }
        });

        assertThat(Files.readString(green.resolve("blue-only"))).isEqualTo("1");
        assertThat(Files.readString(green.resolve("blue-new"))).isEqualTo("added by blue");
        assertThat(Files.readString(green.resolve("green-only"))).isEqualTo("1");
        assertThat(Files.readString(green.resolve("green-new"))).isEqualTo("added by green");
        assertThat(Files.readString(green.resolve("shared"))).as("the serving slot's version").isEqualTo("blue's");
        assertThat(steps).containsExactly("snapshot", "snapshot", "sync");
        assertThat(sync).singleElement().satisfies(d -> assertThat(d).containsEntry("conflicts", List.of("shared")));
        StateSnapshot replaced = migration.snapshots().load("memory_manager",
                String.valueOf(sync.get(0).get("replacedSnapshot")));
        assertThat(replaced.sourceSlot()).isEqualTo("green");
        assertThat(Files.readString(migration.snapshots().blob(replaced.byName().get("shared").sha256())))
                .as("green's version is kept in a snapshot").isEqualTo("green's");
    }

    @Test
    void aCorruptStoredBlobFailsTheStageAndLeavesTheNewSlotAlone() throws Exception {
        AgentHome home = new AgentHome(tmp);
        Files.writeString(Files.createDirectories(stateDir(home, "blue")).resolve("counter"), "5");
        Path green = Files.createDirectories(stateDir(home, "green"));
        Files.writeString(green.resolve("counter"), "untouched");
        StateMigration migration = new StateMigration(home, Clock.systemUTC());
        StateSnapshot first = migration.stage("memory_manager", SPEC, "blue", "green", events).snapshots().get(0);
        Files.writeString(green.resolve("counter"), "untouched");
        // Bit rot in backups/: the next snapshot of the same content refers to the stored, now damaged, blob.
        Files.writeString(migration.snapshots().blob(first.entries().get(0).sha256()), "6");

        assertThatThrownBy(() -> migration.stage("memory_manager", SPEC, "blue", "green", events))
                .isInstanceOf(StateMigrationException.class)
                .hasMessageContaining("of loop memory_manager is corrupt: dir entry 'counter'");
        assertThat(Files.readString(green.resolve("counter"))).isEqualTo("untouched");
    }

    @Test
    void restoreLeftPutsBackTheStateTheSlotLastServedWithAndKeepsWhatItDiscards() throws Exception {
        AgentHome home = new AgentHome(tmp);
        Path blue = Files.createDirectories(stateDir(home, "blue"));
        Files.writeString(blue.resolve("counter"), "10");
        StateMigration migration = new StateMigration(home, Clock.systemUTC());
        migration.syncChanges(migration.stage("memory_manager", SPEC, "blue", "green", events), false, events);
        Path green = stateDir(home, "green");
        Files.writeString(green.resolve("counter"), "999 (written by a bad release)");
        Files.writeString(blue.resolve("counter"), "stale copy the old slot kept");

        migration.restoreLeft("memory_manager", SPEC, "green", "blue", events);

        assertThat(Files.readString(blue.resolve("counter"))).isEqualTo("10");
        StateSnapshot discarded = migration.snapshots()
                .latest("memory_manager", s -> s.reason().equals(StateSnapshot.ROLLBACK)).orElseThrow();
        assertThat(discarded.sourceSlot()).isEqualTo("green");
        assertThat(Files.readString(migration.snapshots().blob(discarded.entries().get(0).sha256())))
                .isEqualTo("999 (written by a bad release)");
    }

    @Test
    void retentionKeepsTheConfiguredNumberOfSnapshotsPerLoop() throws Exception {
        AgentHome home = new AgentHome(tmp);
        Path blue = Files.createDirectories(stateDir(home, "blue"));
        StateMigration migration = new StateMigration(home, Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            Files.writeString(blue.resolve("counter"), Integer.toString(i));
            migration.stage("memory_manager", SPEC, "blue", "green", events);
        }
        assertThat(migration.snapshots().ids("memory_manager")).hasSize(3);
        assertThat(steps).contains("pruned");
    }
}
