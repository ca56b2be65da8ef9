package io.openclaw.deploy.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.journal.FleetRecord;
import io.openclaw.deploy.agent.journal.LoopAssignment;
import io.openclaw.deploy.agent.release.HealthCheck;
import io.openclaw.deploy.agent.release.InstalledRelease;
import io.openclaw.deploy.agent.release.LoopSpec;
import io.openclaw.deploy.agent.release.LoopStrategy;
import io.openclaw.deploy.agent.release.ReleaseManifest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategyPlanTest {
    private static final InstalledRelease V2 = new InstalledRelease("2.0.0", Path.of("releases/2.0.0"),
            new ReleaseManifest("2.0.0", List.of(
                    loop("core_orchestrator", LoopStrategy.BLUE_GREEN),
                    loop("gmail_processor", LoopStrategy.ROLLING),
                    loop("browser_agent", LoopStrategy.CANARY),
                    loop("identity_manager", LoopStrategy.FEATURE_FLAG),
                    loop("new_loop", LoopStrategy.CANARY))),
            "ab".repeat(32), Instant.EPOCH);

    private static LoopSpec loop(String name, LoopStrategy strategy) {
        return new LoopSpec(name, strategy, 1, List.of("x"), HealthCheck.http("/health", Duration.ofSeconds(1)),
                Map.of());
    }

    /** Every loop but new_loop serves 1.0.0. */
    private static final FleetRecord SERVING_V1;

    static {
        Map<String, LoopAssignment> assignments = new LinkedHashMap<>();
        for (String loop : List.of("core_orchestrator", "gmail_processor", "browser_agent", "identity_manager")) {
            assignments.put(loop, new LoopAssignment(loop, "1.0.0", "blue", "x"));
        }
        SERVING_V1 = new FleetRecord("1.0.0", null, assignments, Map.of(), List.of(), null);
    }

    private static Map<String, InstalledRelease> all() {
        Map<String, InstalledRelease> targets = new LinkedHashMap<>();
        V2.manifest().loopNames().forEach(l -> targets.put(l, V2));
        return targets;
    }

    @Test
    void autoTakesEachLoopsDeclaredStrategy() {
        StrategyPlan plan = StrategyPlan.of("auto", V2, all(), SERVING_V1, false);

        assertThat(plan.canary()).containsOnlyKeys("browser_agent", "identity_manager");
        assertThat(plan.rolling()).containsOnlyKeys("gmail_processor");
        // A loop with nothing serving has no traffic to compare: it starts blue-green.
        assertThat(plan.blueGreen()).containsOnlyKeys("core_orchestrator", "new_loop");
        assertThat(plan.strategies()).containsEntry("identity_manager", "feature-flag")
                .containsEntry("new_loop", "canary");
        assertThat(plan.describe()).startsWith("releasing 1 loop(s) as canary [browser_agent] and 1 loop(s) by"
                + " release flag [identity_manager] first, then 1 rolling [gmail_processor]");
    }

    @Test
    void anExplicitStrategyAppliesToEverySelectedLoop() {
        Map<String, InstalledRelease> two = new LinkedHashMap<>();
        two.put("core_orchestrator", V2);
        two.put("gmail_processor", V2);

        StrategyPlan plan = StrategyPlan.of("canary", V2, two, SERVING_V1, false);

        assertThat(plan.canary()).containsOnlyKeys("core_orchestrator", "gmail_processor");
        assertThat(plan.rolling()).isEmpty();
        assertThat(plan.blueGreen()).isEmpty();
        assertThat(plan.describe()).startsWith("releasing 2 loop(s) as canary [core_orchestrator, gmail_processor]"
                + " first");
    }

    @Test
    void gradualCutoverTakesTheBlueGreenLoopsThatReplaceAVersion() {
        StrategyPlan plan = StrategyPlan.of(null, V2, all(), SERVING_V1, true);

        assertThat(plan.gradual()).containsOnlyKeys("core_orchestrator");
        assertThat(plan.blueGreen()).containsOnlyKeys("new_loop");
    }
}
