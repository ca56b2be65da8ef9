package io.openclaw.deploy.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.journal.LoopAssignment.CanaryTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryAssignmentJournalTest {
    @TempDir
    Path state;

    @Test
    void aCanarySplitSurvivesARoundTrip() throws Exception {
        LoopAssignment split = new LoopAssignment("browser_agent", "1.0.0", "blue", "canary",
                new CanaryTarget("1.1.0", "green", 25));
        FleetRecord fleet = new FleetRecord("1.0.0", null, Map.of("browser_agent", split), Map.of(), List.of(), "d-1");

        Journal journal = new Journal(state);
        journal.saveFleet(fleet);

        assertThat(new Journal(state).loadFleet()).isEqualTo(fleet);
        assertThat(split.routes("1.1.0", "green")).isTrue();
        assertThat(split.routes("1.0.0", "blue")).isTrue();
        assertThat(split.routes("1.1.0", "blue")).isFalse();
        assertThat(split.withCanary(null).routes("1.1.0", "green")).isFalse();
    }
}
