package io.jenkins.plugins.openclaw.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Rules for agent and loop names, shared by the steps and the global configuration. */
public final class Names {
    private static final Pattern AGENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern LOOP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Names() {}

    /** @return the trimmed name, or null after adding a problem */
    public static String checkAgentName(String agent, List<String> problems) {
        String a = DeployArguments.trimToNull(agent);
        if (a == null) {
            problems.add("agent is required (the name of an agent in Manage Jenkins > System > OpenClaw Deploy)");
            return null;
        }
        if (!AGENT.matcher(a).matches()) {
            problems.add("agent '" + agent + "' is not a valid name (letters, digits, '.', '_', '-'; at most 64)");
            return null;
        }
        return a;
    }

    public static boolean isAgentName(String agent) {
        return agent != null && AGENT.matcher(agent.trim()).matches();
    }

    /**
     * The Snippet Generator's text field for {@code loops}: one loop name per line (commas also separate), blank
     * lines ignored. Validation happens later, with the other arguments.
     */
    public static List<String> loopsFromText(String text) {
        List<String> loops = new ArrayList<>();
        if (text == null) {
            return loops;
        }
        for (String part : text.split("[\\r\\n,]+")) {
            if (!part.isBlank()) {
                loops.add(part.trim());
            }
        }
        return loops;
    }

    /** The inverse of {@link #loopsFromText}: one loop per line, for the form. */
    public static String loopsToText(List<String> loops) {
        return loops == null ? "" : String.join("\n", loops);
    }

    /** @return the distinct trimmed loop names in their order; empty means all loops */
    public static List<String> checkLoopNames(List<String> loops, List<String> problems) {
        if (loops == null) {
            return List.of();
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String loop : loops) {
            String l = DeployArguments.trimToNull(loop);
            if (l == null || !LOOP.matcher(l).matches()) {
                problems.add("loop '" + loop + "' is not a valid loop name");
            } else {
                names.add(l);
            }
        }
        return new ArrayList<>(names);
    }
}
