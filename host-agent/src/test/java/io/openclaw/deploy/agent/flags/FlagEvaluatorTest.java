package io.openclaw.deploy.agent.flags;

import static io.openclaw.deploy.agent.flags.FlagParserTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlagEvaluatorTest {
    private final FlagEvaluator evaluator = new FlagEvaluator();

    private Flag load(String definition) {
        Flag flag = FlagParser.parse(json(definition), null);
        evaluator.put(flag);
        return flag;
    }

    private static EvaluationContext ctx(String key, Map<String, String> attributes) {
        return new EvaluationContext(key, attributes);
    }

    @Test
    void disabledFlagIsOffWithReasonDisabledWhateverTheRules() {
        load("{'name': 'f', 'enabled': false, 'rules': [{'action': 'enable', "
                + "'conditions': [{'property': 'tier', 'operator': 'equals', 'value': 'beta'}]}]}");
        Evaluation e = evaluator.evaluate("f", ctx("u1", Map.of("tier", "beta")));
        assertThat(e.reason()).isEqualTo(Reason.DISABLED);
        assertThat(e.value().booleanValue()).isFalse();
    }

    @Test
    void firstMatchingRuleDecides() {
        load("""
                {'name': 'f', 'rollout_percentage': 0, 'rules': [
                  {'name': 'blocked', 'action': 'disable', 'conditions': [{'property': 'country', 'operator': 'equals', 'value': 'xx'}]},
                  {'name': 'beta', 'action': 'enable', 'conditions': [{'property': 'tier', 'operator': 'equals', 'value': 'beta'}]}]}
                """);
        assertThat(evaluator.evaluate("f", ctx("u", Map.of("tier", "beta"))))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TARGETING_MATCH);
                    assertThat(e.value().booleanValue()).isTrue();
                });
        assertThat(evaluator.evaluate("f", ctx("u", Map.of("tier", "beta", "country", "xx"))))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TARGETING_MATCH);
                    assertThat(e.value().booleanValue()).isFalse();
                });
        assertThat(evaluator.evaluate("f", ctx("u", Map.of("tier", "free")))).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.STATIC);
            assertThat(e.value().booleanValue()).isFalse();
        });
    }

    @Test
    void allConditionsOfARuleMustHoldAndAMissingPropertyNeverMatches() {
        load("{'name': 'f', 'rollout_percentage': 0, 'rules': [{'action': 'enable', 'conditions': ["
                + "{'property': 'tier', 'operator': 'not_equals', 'value': 'free'},"
                + "{'property': 'age', 'operator': 'greater_than', 'value': 17}]}]}");
        assertThat(on("f", Map.of("tier", "pro", "age", "18"))).isTrue();
        assertThat(on("f", Map.of("tier", "pro", "age", "17"))).isFalse();
        assertThat(on("f", Map.of("age", "30"))).isFalse();
    }

    private boolean on(String flag, Map<String, String> attributes) {
        return evaluator.evaluate(flag, ctx("user", attributes)).value().booleanValue();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "equals | beta | beta | true",
        "equals | beta | Beta | false",
        "not_equals | beta | free | true",
        "in | ['eu','us'] | us | true",
        "in | ['eu','us'] | asia | false",
        "not_in | ['eu','us'] | asia | true",
        "not_in | ['eu','us'] | eu | false",
        "contains | @corp | ann@corp.example | true",
        "contains | @corp | ann@else.example | false",
        "starts_with | adm | admin | true",
        "starts_with | adm | sysadm | false",
        "ends_with | .example | ann@corp.example | true",
        "ends_with | .example | ann@corp.org | false",
        "matches | ^user-[0-9]+$ | user-42 | true",
        "matches | ^user-[0-9]+$ | user-x | false",
        "greater_than | 10 | 10.5 | true",
        "greater_than | 10 | 9 | false",
        "greater_than | 10 | ten | false",
        "less_than | 2.5 | -1 | true",
        "less_than | 2.5 | 2.5 | false",
        "semver_equals | 1.2.0 | v1.2.0+build.7 | true",
        "semver_equals | 1.2.0 | 1.2.1 | false",
        "semver_greater_than | 1.2.0 | 1.10.0 | true",
        "semver_greater_than | 1.2.0 | 1.2.0-rc.1 | false",
        "semver_less_than | 1.0.0 | 1.0.0-alpha.2 | true",
        "semver_less_than | 1.0.0-alpha.10 | 1.0.0-alpha.9 | true",
        "semver_less_than | 1.0.0 | 1.0 | false",
    })
    void operators(String operator, String value, String actual, boolean expected) {
        String v = value.startsWith("[") ? value : "'" + value + "'";
        load("{'name': 'op', 'rollout_percentage': 0, 'rules': [{'action': 'enable', 'conditions': "
                + "[{'property': 'p', 'operator': '" + operator + "', 'value': " + v + "}]}]}");
        assertThat(on("op", Map.of("p", actual))).isEqualTo(expected);
    }

    @Test
    void catastrophicRegexIsAnErrorNotAStall() {
        load("{'name': 're', 'rollout_percentage': 0, 'rules': [{'action': 'enable', 'conditions': "
                + "[{'property': 'p', 'operator': 'matches', 'value': '^(.*a){12}$'}]}]}");
        Evaluation e = evaluator.evaluate("re", ctx("u", Map.of("p", "a".repeat(28) + "!")));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.GENERAL);
        assertThat(e.reason()).isEqualTo(Reason.ERROR);
    }

    @Test
    void targetingKeyIsAPropertyToo() {
        load("{'name': 'tk', 'rollout_percentage': 0, 'rules': [{'action': 'enable', 'conditions': "
                + "[{'property': 'targetingKey', 'operator': 'in', 'value': ['alice']}]}]}");
        assertThat(evaluator.evaluate("tk", EvaluationContext.of("alice")).value().booleanValue()).isTrue();
        assertThat(evaluator.evaluate("tk", EvaluationContext.of("bob")).value().booleanValue()).isFalse();
    }

    @Test
    void typedVariantsServeTheirValues() {
        load("{'name': 'model', 'variants': {'small': 'gpt-s', 'large': 'gpt-l', 'huge': 'gpt-h'}, "
                + "'default_variant': 'small', 'enabled_variant': 'large', 'rollout_percentage': 100, "
                + "'rules': [{'action': 'enable', 'variant': 'huge', "
                + "'conditions': [{'property': 'tier', 'operator': 'equals', 'value': 'vip'}]}]}");
        assertThat(evaluator.evaluate("model", ctx("u", Map.of())).value().textValue()).isEqualTo("gpt-l");
        Evaluation vip = evaluator.evaluate("model", ctx("u", Map.of("tier", "vip")));
        assertThat(vip.variant()).isEqualTo("huge");
        assertThat(vip.value().textValue()).isEqualTo("gpt-h");
    }

    @Test
    void splitNeedsATargetingKeyButStaticDoesNot() {
        load("{'name': 'half', 'rollout_percentage': 50}");
        load("{'name': 'all', 'rollout_percentage': 100}");
        assertThat(evaluator.evaluate("half", EvaluationContext.of(null)).errorCode())
                .isEqualTo(ErrorCode.TARGETING_KEY_MISSING);
        assertThat(evaluator.evaluate("half", EvaluationContext.of("u")).reason()).isEqualTo(Reason.SPLIT);
        assertThat(evaluator.evaluate("all", EvaluationContext.of(null)).reason()).isEqualTo(Reason.STATIC);
        assertThat(evaluator.evaluate("nope", EvaluationContext.of("u")).errorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    }

    @Test
    void bucketsAreUniformWithinOnePercentagePointOver100000Keys() {
        for (int percentage : List.of(1, 10, 25, 50, 90)) {
            load("{'name': 'u', 'rollout_percentage': " + percentage + "}");
            long on = IntStream.range(0, 100_000)
                    .filter(i -> evaluator.evaluate("u", EvaluationContext.of("user-" + i)).value().booleanValue())
                    .count();
            assertThat(on / 1000.0).as("share at %d %%", percentage).isCloseTo(percentage, org.assertj.core.data.Offset.offset(1.0));
        }
    }

    @Test
    void raisingThePercentageOnlyAddsUsersAndAnAnswerNeverFlipsAtAFixedPercentage() {
        boolean[] previous = new boolean[20_000];
        for (double percentage = 0; percentage <= 100; percentage += 2.5) {
            load("{'name': 'ramp', 'rollout_percentage': " + percentage + "}");
            for (int i = 0; i < previous.length; i++) {
                boolean on = evaluator.evaluate("ramp", EvaluationContext.of("user-" + i)).value().booleanValue();
                if (previous[i]) {
                    assertThat(on).as("user-%d at %s %%", i, percentage).isTrue();
                }
                assertThat(evaluator.evaluate("ramp", EvaluationContext.of("user-" + i)).value().booleanValue())
                        .as("repeat for user-%d", i).isEqualTo(on);
                previous[i] = on;
            }
        }
    }

    @Test
    void bucketsDependOnTheFlagNameSoFlagsRollOutToDifferentUsers() {
        long same = IntStream.range(0, 10_000)
                .filter(i -> (CompiledFlag.bucket("a", "user-" + i) < 5000) == (CompiledFlag.bucket("b", "user-" + i) < 5000))
                .count();
        assertThat(same).isBetween(4500L, 5500L);
    }
}
