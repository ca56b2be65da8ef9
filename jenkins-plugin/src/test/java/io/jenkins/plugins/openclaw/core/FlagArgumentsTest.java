package io.jenkins.plugins.openclaw.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** openclawFlag's argument checking and the definition it puts, without an agent. */
class FlagArgumentsTest {
    private static final List<Map<String, Object>> BETA_RULE = List.of(Map.of(
            "name", "Beta users", "action", "enable",
            "conditions", List.of(Map.of("property", "user_tier", "operator", "equals", "value", "beta"))));

    @Test
    void rulesAsScriptMapsAndAsJsonTextGiveTheSameDefinition() {
        FlagArguments fromMaps = FlagArguments.of("win-prod-01", "new_voice_model", true, 25, null, BETA_RULE, false, null);
        FlagArguments fromText = FlagArguments.of("win-prod-01", " new_voice_model ", true, "25", null,
                "[{\"name\": \"Beta users\", \"action\": \"enable\", \"conditions\": "
                        + "[{\"property\": \"user_tier\", \"operator\": \"equals\", \"value\": \"beta\"}]}]",
                false, null);

        assertThat(FlagUpdates.definition(null, fromMaps)).as("same JSON tree, whatever the key order")
                .isEqualTo(FlagUpdates.definition(null, fromText));
        assertThat(FlagUpdates.definition(null, fromMaps).get("rules").get(0).get("conditions").get(0).get("value")
                .asText()).isEqualTo("beta");
        assertThat(fromMaps.kind()).isEqualTo(FlagArguments.Kind.SET);
        assertThat(fromMaps.rolloutPercentage()).isEqualByComparingTo("25");
    }

    @Test
    void aSetChangesOnlyTheGivenFieldsOfTheCurrentDefinition() throws Exception {
        ObjectNode current = (ObjectNode) new ObjectMapper().readTree("{\"name\": \"model\", \"description\": \"d\","
                + " \"enabled\": false, \"rollout_percentage\": 10, \"rules\": [{\"action\": \"disable\","
                + " \"conditions\": []}], \"variants\": {\"small\": \"s\", \"large\": \"l\"},"
                + " \"default_variant\": \"small\", \"enabled_variant\": \"large\"}");

        ObjectNode put = FlagUpdates.definition(current,
                FlagArguments.of("a", "model", null, new BigDecimal("12.50"), null, null, false, null));

        assertThat(put.get("rollout_percentage").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(put.get("enabled").booleanValue()).isFalse();
        assertThat(put.get("rules")).isEqualTo(current.get("rules"));
        assertThat(put.get("variants")).isEqualTo(current.get("variants"));
        assertThat(current.get("rollout_percentage").intValue()).as("the current definition is not modified").isEqualTo(10);
        assertThat(FlagUpdates.definition(null, FlagArguments.of("a", "fresh", false, null, null, null, false, null)))
                .hasToString("{\"name\":\"fresh\",\"enabled\":false}");
    }

    @Test
    void listsEveryBadArgumentAtOnce() {
        assertThatThrownBy(() -> FlagArguments.of(" ", "New Voice", null, 120, null, "{not json", false, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("openclawFlag: ")
                .hasMessageContaining("agent is required")
                .hasMessageContaining("name 'New Voice' must be 1-128 characters")
                .hasMessageContaining("rolloutPercentage must be from 0 to 100, was 120")
                .hasMessageContaining("rules is not valid JSON");
        assertThatThrownBy(() -> FlagArguments.of("a", "f", null, "12.345", null, List.of("enable"), false, null))
                .hasMessageContaining("at most two decimals")
                .hasMessageContaining("rules[0] must be a map");
        assertThatThrownBy(() -> FlagArguments.of("a", "f", null, "lots", null, Map.of("action", "enable"), false, null))
                .hasMessageContaining("rolloutPercentage 'lots' is not a number")
                .hasMessageContaining("rules must be a list");
    }

    @Test
    void deleteAndRollbackStandAloneAndSomethingMustChange() {
        assertThat(FlagArguments.of("a", "f", null, null, null, null, true, null).kind())
                .isEqualTo(FlagArguments.Kind.DELETE);
        assertThat(FlagArguments.of("a", "f", null, null, null, null, false, 3).kind())
                .isEqualTo(FlagArguments.Kind.ROLLBACK);
        assertThatThrownBy(() -> FlagArguments.of("a", "f", true, null, null, null, true, null))
                .hasMessageContaining("delete cannot be combined");
        assertThatThrownBy(() -> FlagArguments.of("a", "f", null, null, null, null, true, 2))
                .hasMessageContaining("either delete: true or rollbackToRevision");
        assertThatThrownBy(() -> FlagArguments.of("a", "f", null, null, null, null, false, 0))
                .hasMessageContaining("rollbackToRevision must be a revision number");
        assertThatThrownBy(() -> FlagArguments.of("a", "f", null, "", null, " ", false, null))
                .hasMessageContaining("nothing to change");
    }

    @Test
    void rulesShowInTheFormAsJsonText() {
        assertThat(FlagArguments.rulesAsText(null)).isEmpty();
        assertThat(FlagArguments.rulesAsText("[]")).isEqualTo("[]");
        String text = FlagArguments.rulesAsText(BETA_RULE);
        assertThat(FlagArguments.of("a", "f", null, null, null, text, false, null).rulesJson())
                .isEqualTo(FlagArguments.of("a", "f", null, null, null, BETA_RULE, false, null).rulesJson());
    }

    /** Stands in for a Groovy GString: a CharSequence that a JSON mapper would write as an object. */
    private record Interpolated(String text) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    @Test
    void interpolatedStringsInScriptRulesBecomePlainStrings() {
        List<Map<String, Object>> rules = List.of(Map.of("action", new Interpolated("enable"), "conditions",
                List.of(Map.of("property", "user_tier", "operator", "equals", "value", new Interpolated("beta")))));

        String json = FlagArguments.of("a", "f", null, null, null, rules, false, null).rulesJson();

        assertThat(json).contains("\"value\":\"beta\"").contains("\"action\":\"enable\"").doesNotContain("text");
    }
}
