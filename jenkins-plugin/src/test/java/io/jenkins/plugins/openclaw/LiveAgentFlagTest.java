package io.jenkins.plugins.openclaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.openclaw.core.FlagArguments;
import io.jenkins.plugins.openclaw.core.FlagChange;
import io.jenkins.plugins.openclaw.core.FlagUpdates;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentProblemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** openclawFlag's work, minus Jenkins, against a real agent on loopback: set, change, refuse, delete, roll back. */
class LiveAgentFlagTest {
    @TempDir
    Path home;

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T23:00:00Z"), ZoneOffset.UTC);
    private static final List<Map<String, Object>> BETA_RULE = List.of(Map.of(
            "name", "Beta users", "action", "enable",
            "conditions", List.of(Map.of("property", "user_tier", "operator", "equals", "value", "beta"))));

    @Test
    void setsChangesRefusesDeletesAndRollsBackAFlag() throws Exception {
        assumeTrue(Files.isRegularFile(RealAgent.agentJar()), "needs the agent jar: build the whole reactor");
        try (RealAgent agent = RealAgent.start(home.resolve("agent"));
                AgentClient client = agent.client()) {
            FlagUpdates flags = new FlagUpdates(client, CLOCK);

            FlagChange created = flags.apply(FlagArguments.of(
                    "local", "new_voice_model", true, 25, "new voice", BETA_RULE, false, null));

            assertThat(created.toMap()).containsEntry("name", "new_voice_model").containsEntry("enabled", true)
                    .containsEntry("change", "set").containsKey("revision");
            assertThat(created.getRolloutPercentage()).isEqualByComparingTo("25");
            assertThat(client.evaluateFlag("new_voice_model", Map.of("targetingKey", "u1", "user_tier", "beta"))
                    .get("reason").asText()).isEqualTo("TARGETING_MATCH");

            FlagChange ramped = flags.apply(FlagArguments.of("local", "new_voice_model", null, 50, null, null, false, null));

            assertThat(ramped.getRevision()).isEqualTo(created.getRevision() + 1);
            assertThat(ramped.getRolloutPercentage()).isEqualByComparingTo("50");
            assertThat(client.flag("new_voice_model").get("flag").get("rules")).as("rules kept").hasSize(1);
            assertThat(client.flag("new_voice_model").get("flag").get("description").asText()).isEqualTo("new voice");

            List<Map<String, Object>> badRule = List.of(Map.of("action", "enable",
                    "conditions", List.of(Map.of("property", "p", "operator", "like", "value", "x"))));
            assertThatThrownBy(() -> flags.apply(
                    FlagArguments.of("local", "new_voice_model", null, null, null, badRule, false, null)))
                    .isInstanceOf(AgentProblemException.class)
                    .satisfies(e -> assertThat(((AgentProblemException) e).problem().status()).isEqualTo(400))
                    .hasMessageContaining("rules[0].conditions[0].operator");
            assertThat(client.flag("new_voice_model").get("revision").asInt()).as("nothing changed")
                    .isEqualTo(ramped.getRevision());

            FlagChange deleted = flags.apply(FlagArguments.of("local", "new_voice_model", null, null, null, null, true, null));

            assertThat(deleted.isDeleted()).isTrue();
            assertThat(deleted.toMap()).containsEntry("change", "deleted").containsEntry("enabled", null);
            assertThat(OpenClawFlagsAction.line(deleted)).contains("new_voice_model").contains("deleted");

            FlagChange restored = flags.apply(FlagArguments.of(
                    "local", "new_voice_model", null, null, null, null, false, created.getRevision()));

            assertThat(restored.getChange()).isEqualTo("rolled back to revision " + created.getRevision());
            assertThat(restored.getRolloutPercentage()).isEqualByComparingTo("25");
            assertThat(OpenClawFlagsAction.line(restored)).contains("enabled").contains("25%");
        }
    }
}
