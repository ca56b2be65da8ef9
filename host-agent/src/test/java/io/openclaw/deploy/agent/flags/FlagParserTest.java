package io.openclaw.deploy.agent.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FlagParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void readsTheSpecShapeAndWritesItBack() {
        Flag flag = FlagParser.parse(json("""
                {'name': 'agent_loop_gmail_v2', 'description': 'Gmail agent v2', 'enabled': true,
                 'rollout_percentage': 12.5,
                 'rules': [{'name': 'Beta Users', 'action': 'enable',
                            'conditions': [{'property': 'user_tier', 'operator': 'equals', 'value': 'beta'},
                                           {'property': 'region', 'operator': 'in', 'value': ['eu', 'us']}]}]}
                """), null);

        assertThat(flag.name()).isEqualTo("agent_loop_gmail_v2");
        assertThat(flag.rolloutPercentage()).isEqualTo(12.5);
        assertThat(flag.rules()).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo(RuleAction.ENABLE);
            assertThat(r.conditions()).extracting(Condition::operator).containsExactly(Operator.EQUALS, Operator.IN);
        });
        assertThat(flag.defaultVariant()).isEqualTo("off");
        assertThat(FlagParser.parse(FlagParser.toJson(flag), null)).isEqualTo(flag);
    }

    @Test
    void typedVariantsRoundTrip() {
        Flag flag = FlagParser.parse(json("""
                {'name': 'model', 'variants': {'small': 'gpt-s', 'large': 'gpt-l'},
                 'default_variant': 'small', 'enabled_variant': 'large', 'rollout_percentage': 0,
                 'rules': [{'action': 'enable', 'variant': 'large',
                            'conditions': [{'property': 'v', 'operator': 'semver_greater_than', 'value': '1.2.0'}]}]}
                """), "model");
        assertThat(flag.variants()).containsOnlyKeys("small", "large");
        assertThat(FlagParser.parse(FlagParser.toJson(flag), "model")).isEqualTo(flag);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{'name': 'Bad Name'} | name",
        "{'name': 'f', 'enabled': 'yes'} | enabled",
        "{'name': 'f', 'rollout_percentage': 101} | rollout_percentage",
        "{'name': 'f', 'rollout_percentage': 1.234} | rollout_percentage",
        "{'name': 'f', 'colour': 'red'} | colour",
        "{'name': 'f', 'rules': [{'action': 'maybe', 'conditions': [{'property': 'a', 'operator': 'equals', 'value': 'b'}]}]} | rules[0].action",
        "{'name': 'f', 'rules': [{'action': 'enable', 'conditions': []}]} | rules[0].conditions",
        "{'name': 'f', 'rules': [{'action': 'enable', 'conditions': [{'property': 'a', 'operator': 'like', 'value': 'b'}]}]} | rules[0].conditions[0].operator",
        "{'name': 'f', 'rules': [{'action': 'enable', 'conditions': [{'property': 'a', 'operator': 'matches', 'value': '(unclosed'}]}]} | rules[0].conditions[0].value",
        "{'name': 'f', 'rules': [{'action': 'enable', 'conditions': [{'property': 'a', 'operator': 'greater_than', 'value': 'ten'}]}]} | rules[0].conditions[0].value",
        "{'name': 'f', 'rules': [{'action': 'enable', 'conditions': [{'property': 'a', 'operator': 'semver_less_than', 'value': '1.x'}]}]} | rules[0].conditions[0].value",
        "{'name': 'f', 'rules': [{'action': 'enable', 'conditions': [{'property': 'a', 'operator': 'in', 'value': 'b'}]}]} | rules[0].conditions[0].value",
        "{'name': 'f', 'variants': {'a': 1, 'b': 'two'}, 'default_variant': 'a', 'enabled_variant': 'b'} | variants.b",
        "{'name': 'f', 'variants': {'a': 1, 'b': 2}, 'default_variant': 'a', 'enabled_variant': 'c'} | enabled_variant",
        "{'name': 'f', 'variants': {'a': 1, 'b': 2}, 'enabled_variant': 'a'} | default_variant",
    })
    void refusesBadDefinitionsNamingTheField(String definition, String field) {
        assertThatThrownBy(() -> FlagParser.parse(json(definition), null))
                .isInstanceOfSatisfying(InvalidFlagException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(field + ": ");
    }

    @Test
    void refusesANameDifferentFromTheAddressedFlag() {
        assertThatThrownBy(() -> FlagParser.parse(json("{'name': 'a'}"), "b"))
                .isInstanceOfSatisfying(InvalidFlagException.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @Test
    void refusesAnOverlongPattern() {
        String pattern = "a".repeat(FlagParser.MAX_PATTERN_LENGTH + 1);
        assertThatThrownBy(() -> FlagParser.parse(json("{'name': 'f', 'rules': [{'action': 'enable', 'conditions': "
                        + "[{'property': 'a', 'operator': 'matches', 'value': '" + pattern + "'}]}]}"), null))
                .hasMessageContaining("at most");
    }
}
