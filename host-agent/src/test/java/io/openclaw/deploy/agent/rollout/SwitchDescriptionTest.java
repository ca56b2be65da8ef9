package io.openclaw.deploy.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.LoopAssignment;
import io.openclaw.deploy.agent.release.InstalledRelease;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the traffic-switched event says was switched: the release, or the loops a partial deployment moved. */
class SwitchDescriptionTest {

    @Test
    void aWholeReleaseIsNamedWithItsSlot() {
        FleetRecord fleet = fleet(Map.of("core_orchestrator", "2.0.0", "identity_manager", "2.0.0"), "2.0.0");

        assertThat(BlueGreenSwitch.describeAssignments(fleet, List.of(move("identity_manager", "2.0.0"))))
                .isEqualTo("2.0.0 (slot green)");
    }

    @Test
    void aPartialDeploymentNamesTheLoopsItMovedAndTheirVersion() {
        FleetRecord fleet = fleet(Map.of("core_orchestrator", "1.0.0", "identity_manager", "4.0.0"), null);

        assertThat(BlueGreenSwitch.describeAssignments(fleet, List.of(move("identity_manager", "4.0.0"))))
                .isEqualTo("4.0.0 for [identity_manager] (the other loops keep their versions)");
    }

    @Test
    void movesToSeveralVersionsAreAMix() {
        FleetRecord fleet = fleet(Map.of("core_orchestrator", "1.0.0", "identity_manager", "4.0.0"), null);

        assertThat(BlueGreenSwitch.describeAssignments(fleet,
                List.of(move("identity_manager", "4.0.0"), move("core_orchestrator", "1.0.0"))))
                .isEqualTo("a mix of versions");
    }

    private static FleetRecord fleet(Map<String, String> versions, String release) {
        Map<String, LoopAssignment> assignments = new LinkedHashMap<>();
        versions.forEach((loop, version) ->
                assignments.put(loop, new LoopAssignment(loop, version, "green", "blue-green", null)));
        return new FleetRecord(release, null, assignments, Map.of(), List.of(), null);
    }

    private static LoopMove move(String loop, String version) {
        return new LoopMove(loop, new InstalledRelease(version, Path.of("releases", version), null, "sha",
                Instant.EPOCH), null, "green", false);
    }
}
