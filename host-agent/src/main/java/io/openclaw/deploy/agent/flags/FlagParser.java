package io.openclaw.deploy.agent.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a flag definition (JSON from the API, YAML from {@code flags.yaml}/{@code agent.yaml}; snake_case keys) and
 * validates all of it, so a bad definition is refused with the field named before anything changes. Also writes a
 * flag back in the same shape.
 */
public final class FlagParser {
    /** Lower case only: flag names become file names, and Windows file names ignore case. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
    static final int MAX_PATTERN_LENGTH = 256;
    private static final Set<String> FLAG_KEYS = Set.of("name", "description", "enabled", "rollout_percentage", "rules",
            "variants", "default_variant", "enabled_variant");
    private static final Set<String> RULE_KEYS = Set.of("name", "action", "conditions", "variant");
    private static final Set<String> CONDITION_KEYS = Set.of("property", "operator", "value");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FlagParser() {}

    /**
     * @param expectedName the name from the URL, or null when the definition carries its own
     */
    public static Flag parse(JsonNode node, String expectedName) {
        if (node == null || !node.isObject()) {
            throw new InvalidFlagException("flag", "must be an object");
        }
        rejectUnknown(node, FLAG_KEYS, "");
        String name = node.hasNonNull("name") ? text(node.get("name"), "name") : expectedName;
        if (name == null) {
            throw new InvalidFlagException("name", "is required");
        }
        checkName(name);
        if (expectedName != null && !expectedName.equals(name)) {
            throw new InvalidFlagException("name", "'" + name + "' differs from the flag addressed, '" + expectedName + "'");
        }
        String description = node.hasNonNull("description") ? text(node.get("description"), "description") : "";
        boolean enabled = true;
        if (node.has("enabled")) {
            if (!node.get("enabled").isBoolean()) {
                throw new InvalidFlagException("enabled", "must be true or false");
            }
            enabled = node.get("enabled").booleanValue();
        }
        double percentage = node.has("rollout_percentage") ? percentage(node.get("rollout_percentage")) : 100;

        Map<String, JsonNode> variants = variants(node.get("variants"));
        boolean typed = node.has("variants");
        String defaultVariant = variantName(node, "default_variant", typed ? null : "off", variants);
        String enabledVariant = variantName(node, "enabled_variant", typed ? null : "on", variants);

        List<Rule> rules = new ArrayList<>();
        JsonNode rulesNode = node.get("rules");
        if (rulesNode != null && !rulesNode.isNull()) {
            if (!rulesNode.isArray()) {
                throw new InvalidFlagException("rules", "must be a list");
            }
            for (int i = 0; i < rulesNode.size(); i++) {
                rules.add(rule(rulesNode.get(i), "rules[" + i + "]", variants));
            }
        }
        return new Flag(name, description, enabled, percentage, rules, variants, defaultVariant, enabledVariant);
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidFlagException("name",
                    "must be 1-128 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit, got '"
                            + name + "'");
        }
    }

    public static ObjectNode toJson(Flag flag) {
        ObjectNode out = NODES.objectNode();
        out.put("name", flag.name());
        out.put("description", flag.description());
        out.put("enabled", flag.enabled());
        out.put("rollout_percentage", BigDecimal.valueOf(flag.rolloutPercentage()).stripTrailingZeros());
        var rules = out.putArray("rules");
        for (Rule rule : flag.rules()) {
            ObjectNode r = rules.addObject();
            r.put("name", rule.name());
            r.put("action", rule.action().id());
            var conditions = r.putArray("conditions");
            for (Condition c : rule.conditions()) {
                ObjectNode cn = conditions.addObject();
                cn.put("property", c.property());
                cn.put("operator", c.operator().id());
                if (c.operator().takesList()) {
                    c.values().forEach(cn.putArray("value")::add);
                } else {
                    cn.put("value", c.values().get(0));
                }
            }
            if (rule.variant() != null) {
                r.put("variant", rule.variant());
            }
        }
        if (!isBoolean(flag)) {
            ObjectNode variants = out.putObject("variants");
            flag.variants().forEach(variants::set);
            out.put("default_variant", flag.defaultVariant());
            out.put("enabled_variant", flag.enabledVariant());
        }
        return out;
    }

    static boolean isBoolean(Flag flag) {
        return flag.variants().equals(booleanVariants()) && "off".equals(flag.defaultVariant())
                && "on".equals(flag.enabledVariant());
    }

    private static Map<String, JsonNode> booleanVariants() {
        Map<String, JsonNode> v = new LinkedHashMap<>();
        v.put("on", BooleanNode.TRUE);
        v.put("off", BooleanNode.FALSE);
        return v;
    }

    private static Map<String, JsonNode> variants(JsonNode node) {
        if (node == null || node.isNull()) {
            return booleanVariants();
        }
        if (!node.isObject() || node.isEmpty()) {
            throw new InvalidFlagException("variants", "must be a non-empty map of variant name to value");
        }
        Map<String, JsonNode> variants = new LinkedHashMap<>();
        String kind = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            String field = "variants." + e.getKey();
            if (!NAME.matcher(e.getKey()).matches()) {
                throw new InvalidFlagException(field, "variant names are 1-128 characters of a-z, 0-9, '.', '_' or '-'");
            }
            String k = kindOf(e.getValue());
            if (k == null) {
                throw new InvalidFlagException(field, "must be a boolean, string, number or object");
            }
            if (kind != null && !kind.equals(k)) {
                throw new InvalidFlagException(field, "is a " + k + " but the other variants are " + kind + "s");
            }
            kind = k;
            variants.put(e.getKey(), e.getValue().deepCopy());
        }
        return variants;
    }

    private static String kindOf(JsonNode value) {
        if (value.isBoolean()) return "boolean";
        if (value.isTextual()) return "string";
        if (value.isNumber()) return "number";
        if (value.isObject()) return "object";
        return null;
    }

    private static String variantName(JsonNode node, String key, String fallback, Map<String, JsonNode> variants) {
        if (!node.hasNonNull(key)) {
            if (fallback == null) {
                throw new InvalidFlagException(key, "is required when variants are given");
            }
            return fallback;
        }
        String name = text(node.get(key), key);
        if (!variants.containsKey(name)) {
            throw new InvalidFlagException(key, "names no variant: '" + name + "' (variants: " + variants.keySet() + ")");
        }
        return name;
    }

    private static double percentage(JsonNode node) {
        if (!node.isNumber()) {
            throw new InvalidFlagException("rollout_percentage", "must be a number from 0 to 100");
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new InvalidFlagException("rollout_percentage", "must be from 0 to 100, got " + value.toPlainString());
        }
        if (value.stripTrailingZeros().scale() > 2) {
            throw new InvalidFlagException("rollout_percentage", "has at most two decimals, got " + value.toPlainString());
        }
        return value.doubleValue();
    }

    private static Rule rule(JsonNode node, String at, Map<String, JsonNode> variants) {
        if (!node.isObject()) {
            throw new InvalidFlagException(at, "must be an object");
        }
        rejectUnknown(node, RULE_KEYS, at + ".");
        String name = node.hasNonNull("name") ? text(node.get("name"), at + ".name") : at;
        if (!node.hasNonNull("action")) {
            throw new InvalidFlagException(at + ".action", "is required (enable or disable)");
        }
        String actionText = text(node.get("action"), at + ".action");
        RuleAction action = switch (actionText) {
            case "enable" -> RuleAction.ENABLE;
            case "disable" -> RuleAction.DISABLE;
            default -> throw new InvalidFlagException(at + ".action", "must be enable or disable, got '" + actionText + "'");
        };
        String variant = null;
        if (node.hasNonNull("variant")) {
            variant = text(node.get("variant"), at + ".variant");
            if (!variants.containsKey(variant)) {
                throw new InvalidFlagException(at + ".variant", "names no variant: '" + variant + "'");
            }
            if (action == RuleAction.DISABLE) {
                throw new InvalidFlagException(at + ".variant", "only an enable rule chooses a variant");
            }
        }
        JsonNode conditionsNode = node.get("conditions");
        if (conditionsNode == null || !conditionsNode.isArray() || conditionsNode.isEmpty()) {
            throw new InvalidFlagException(at + ".conditions", "must be a non-empty list");
        }
        List<Condition> conditions = new ArrayList<>();
        for (int i = 0; i < conditionsNode.size(); i++) {
            conditions.add(condition(conditionsNode.get(i), at + ".conditions[" + i + "]"));
        }
        return new Rule(name, action, conditions, variant);
    }

    private static Condition condition(JsonNode node, String at) {
        if (!node.isObject()) {
            throw new InvalidFlagException(at, "must be an object");
        }
        rejectUnknown(node, CONDITION_KEYS, at + ".");
        if (!node.hasNonNull("property")) {
            throw new InvalidFlagException(at + ".property", "is required");
        }
        String property = text(node.get("property"), at + ".property");
        if (property.isBlank()) {
            throw new InvalidFlagException(at + ".property", "must not be blank");
        }
        if (!node.hasNonNull("operator")) {
            throw new InvalidFlagException(at + ".operator", "is required (one of " + Operator.ids() + ")");
        }
        String opText = text(node.get("operator"), at + ".operator");
        Operator op = Operator.byId(opText).orElseThrow(() -> new InvalidFlagException(
                at + ".operator", "unknown operator '" + opText + "' (one of " + Operator.ids() + ")"));
        JsonNode valueNode = node.get("value");
        String field = at + ".value";
        if (valueNode == null || valueNode.isNull()) {
            throw new InvalidFlagException(field, "is required");
        }
        List<String> values = new ArrayList<>();
        if (op.takesList()) {
            if (!valueNode.isArray() || valueNode.isEmpty()) {
                throw new InvalidFlagException(field, op.id() + " takes a non-empty list");
            }
            for (int i = 0; i < valueNode.size(); i++) {
                values.add(scalar(valueNode.get(i), field + "[" + i + "]"));
            }
        } else {
            values.add(scalar(valueNode, field));
        }
        Condition condition = new Condition(property, op, values);
        ConditionMatcher.compile(condition, field);
        return condition;
    }

    private static String scalar(JsonNode node, String field) {
        if (node.isTextual()) return node.textValue();
        if (node.isNumber()) return node.decimalValue().stripTrailingZeros().toPlainString();
        if (node.isBoolean()) return Boolean.toString(node.booleanValue());
        throw new InvalidFlagException(field, "must be a string, number or boolean");
    }

    private static String text(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw new InvalidFlagException(field, "must be a string");
        }
        return node.textValue();
    }

    private static void rejectUnknown(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new InvalidFlagException(prefix + key, "unknown field (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }
}
