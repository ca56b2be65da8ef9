package io.jenkins.plugins.openclaw.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checked arguments of {@code openclawFlag}: one change to one flag on one agent. Checked in full before the
 * agent is contacted, so a typo fails the step at once, naming the argument, with nothing changed.
 *
 * <p>Three kinds of change: {@link Kind#SET} changes the given fields of the flag (creating it when absent), and the
 * fields left out keep their current value; {@link Kind#DELETE}; {@link Kind#ROLLBACK} to an earlier revision.
 *
 * @param rulesJson the rules as a JSON array (spec 7.2 shape), or null to keep the current rules
 */
public record FlagArguments(String agent, String name, Kind kind, Boolean enabled, BigDecimal rolloutPercentage,
        String description, String rulesJson, Integer rollbackToRevision) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The agent's rule for flag names (they become file names, and Windows ignores case). */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Kind { SET, DELETE, ROLLBACK }

    /**
     * @param rules a list of maps (as written in a Pipeline script), a JSON array as text, or null
     * @param rolloutPercentage a number, or a number as text, or null
     * @throws IllegalArgumentException listing every bad argument
     */
    public static FlagArguments of(String agent, String name, Boolean enabled, Object rolloutPercentage,
            String description, Object rules, boolean delete, Integer rollbackToRevision) {
        List<String> problems = new ArrayList<>();
        String agentName = Names.checkAgentName(agent, problems);
        String flag = DeployArguments.trimToNull(name);
        if (flag == null) {
            problems.add("name is required (the flag's name, e.g. new_voice_model)");
        } else if (!NAME.matcher(flag).matches()) {
            problems.add("name '" + name + "' must be 1-128 characters of a-z, 0-9, '.', '_' or '-' (lower case), "
                    + "starting with a letter or digit");
        }
        BigDecimal percentage = percentage(rolloutPercentage, problems);
        String rulesJson = rulesJson(rules, problems);
        boolean setsSomething = enabled != null || percentage != null || description != null || rulesJson != null;
        Kind kind = Kind.SET;
        if (delete && rollbackToRevision != null) {
            problems.add("give either delete: true or rollbackToRevision, not both");
        } else if (delete || rollbackToRevision != null) {
            kind = delete ? Kind.DELETE : Kind.ROLLBACK;
            if (setsSomething) {
                problems.add((delete ? "delete" : "rollbackToRevision")
                        + " cannot be combined with enabled, rolloutPercentage, description or rules");
            }
            if (rollbackToRevision != null && rollbackToRevision < 1) {
                problems.add("rollbackToRevision must be a revision number (1 or more), was " + rollbackToRevision);
            }
        } else if (!setsSomething) {
            problems.add("nothing to change: give enabled, rolloutPercentage, description or rules "
                    + "(or delete: true, or rollbackToRevision)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("openclawFlag: " + String.join("; ", problems));
        }
        return new FlagArguments(agentName, flag, kind, enabled, percentage, description, rulesJson,
                rollbackToRevision);
    }

    private static BigDecimal percentage(Object value, List<String> problems) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            return null;
        }
        BigDecimal p;
        try {
            p = value instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            problems.add("rolloutPercentage '" + value + "' is not a number");
            return null;
        }
        if (p.compareTo(BigDecimal.ZERO) < 0 || p.compareTo(HUNDRED) > 0) {
            problems.add("rolloutPercentage must be from 0 to 100, was " + p.toPlainString());
            return null;
        }
        if (p.stripTrailingZeros().scale() > 2) {
            problems.add("rolloutPercentage has at most two decimals, was " + p.toPlainString());
            return null;
        }
        return p.stripTrailingZeros();
    }

    /** Rules as given in a script (list of maps) or in the form (JSON text), as a JSON array; null keeps them. */
    private static String rulesJson(Object rules, List<String> problems) {
        if (rules == null || (rules instanceof String s && s.isBlank())) {
            return null;
        }
        JsonNode tree;
        if (rules instanceof String text) {
            try {
                tree = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                problems.add("rules is not valid JSON: " + e.getOriginalMessage());
                return null;
            }
        } else if (rules instanceof List<?>) {
            tree = JSON.valueToTree(plain(rules));
        } else {
            problems.add("rules must be a list of rules (maps), or a JSON array as text; got "
                    + rules.getClass().getSimpleName());
            return null;
        }
        if (tree == null || !tree.isArray()) {
            problems.add("rules must be a list of rules, e.g. [[name: 'beta', action: 'enable', conditions: "
                    + "[[property: 'user_tier', operator: 'equals', value: 'beta']]]]");
            return null;
        }
        for (int i = 0; i < tree.size(); i++) {
            if (!tree.get(i).isObject()) {
                problems.add("rules[" + i + "] must be a map with action and conditions");
            }
        }
        return tree.toString();
    }

    /**
     * A script's lists and maps with every {@link CharSequence} turned into a String: Groovy interpolated strings
     * ({@code "${tier}"}) are GStrings, which a JSON mapper would otherwise write as objects.
     */
    private static Object plain(Object value) {
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(FlagArguments::plain).toList();
        }
        return value;
    }

    /** The rules as JSON text, for the Snippet Generator's text area ({@code rules} may be text or a list). */
    public static String rulesAsText(Object rules) {
        if (rules == null || rules instanceof String) {
            return rules == null ? "" : (String) rules;
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rules);
        } catch (JsonProcessingException e) {
            return String.valueOf(rules);
        }
    }
}
