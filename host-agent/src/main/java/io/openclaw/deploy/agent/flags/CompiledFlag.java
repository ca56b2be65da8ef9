package io.openclaw.deploy.agent.flags;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A flag ready for evaluation: matchers compiled, percentage turned into a bucket threshold. */
final class CompiledFlag {
    /** Buckets per 100 %: two decimals of percentage. */
    static final int BUCKETS = 10_000;

    private final Flag flag;
    private final List<CompiledRule> rules;
    private final int threshold;
    private final Evaluation disabled;
    private final Evaluation staticOn;
    private final Evaluation staticOff;

    private record CompiledRule(Rule rule, List<ConditionMatcher> matchers, Evaluation answer) {}

    CompiledFlag(Flag flag) {
        this.flag = flag;
        this.threshold = (int) Math.round(flag.rolloutPercentage() * (BUCKETS / 100));
        this.disabled = answer(flag.defaultVariant(), Reason.DISABLED);
        this.staticOn = answer(flag.enabledVariant(), Reason.STATIC);
        this.staticOff = answer(flag.defaultVariant(), Reason.STATIC);
        this.rules = flag.rules().stream()
                .map(r -> new CompiledRule(r, ConditionMatcher.compileAll(r.conditions()), answer(
                        r.action() == RuleAction.DISABLE ? flag.defaultVariant()
                                : r.variant() != null ? r.variant() : flag.enabledVariant(),
                        Reason.TARGETING_MATCH)))
                .toList();
    }

    Flag flag() {
        return flag;
    }

    /** Answers are prebuilt, so an evaluation allocates nothing but the hash input. */
    private Evaluation answer(String variant, Reason reason) {
        JsonNode value = flag.variants().get(variant);
        return Evaluation.success(flag.name(), variant, value, reason);
    }

    Evaluation evaluate(EvaluationContext context) {
        if (!flag.enabled()) {
            return disabled;
        }
        try {
            for (CompiledRule rule : rules) {
                if (matches(rule.matchers(), context)) {
                    return rule.answer();
                }
            }
        } catch (ConditionMatcher.RegexBudgetExceeded e) {
            return Evaluation.error(flag.name(), ErrorCode.GENERAL, e.getMessage());
        }
        if (threshold >= BUCKETS) {
            return staticOn;
        }
        if (threshold <= 0) {
            return staticOff;
        }
        String key = context.targetingKey();
        if (key == null || key.isEmpty()) {
            return Evaluation.error(flag.name(), ErrorCode.TARGETING_KEY_MISSING,
                    "flag '" + flag.name() + "' rolls out to a percentage and needs a targetingKey");
        }
        Evaluation split = bucket(flag.name(), key) < threshold ? staticOn : staticOff;
        return Evaluation.success(flag.name(), split.variant(), split.value(), Reason.SPLIT);
    }

    private static boolean matches(List<ConditionMatcher> matchers, EvaluationContext context) {
        for (ConditionMatcher m : matchers) {
            String actual = context.attribute(m.property);
            if (actual == null || !m.test(actual)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The key's sticky bucket, 0 to 9999: murmur3 of {@code flagName:targetingKey}. A key is in the rollout when its
     * bucket is below the threshold, so raising the percentage only adds keys.
     */
    static int bucket(String flagName, String targetingKey) {
        int hash = Murmur3.hash32(flagName + ':' + targetingKey, 0);
        return (int) (Integer.toUnsignedLong(hash) % BUCKETS);
    }
}
