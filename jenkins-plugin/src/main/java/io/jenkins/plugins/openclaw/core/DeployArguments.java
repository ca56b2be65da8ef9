package io.jenkins.plugins.openclaw.core;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The checked arguments of {@code openclawDeploy}. Checking happens before anything is hashed, uploaded or deployed,
 * so a typo fails the step at once with a message that names the argument.
 */
public record DeployArguments(
        String agent, String artifact, String version, String strategy, List<String> loops, int timeoutMinutes) implements Serializable {
    private static final long serialVersionUID = 1L;


    public static final int DEFAULT_TIMEOUT_MINUTES = 120;
    public static final int MAX_TIMEOUT_MINUTES = 7 * 24 * 60;

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

    public DeployArguments {
        loops = List.copyOf(loops);
    }

    /**
     * @throws IllegalArgumentException listing every bad argument
     */
    public static DeployArguments of(
            String agent, String artifact, String version, String strategy, List<String> loops, Integer timeoutMinutes) {
        List<String> problems = new ArrayList<>();
        String agentName = Names.checkAgentName(agent, problems);
        String artifactPath = trimToNull(artifact);
        if (artifactPath == null) {
            problems.add("artifact is required (inside node a path in the workspace, outside node an archived artifact, "
                    + "e.g. dist/openclaw-1.4.2.zip)");
        }
        String v = trimToNull(version);
        if (v != null && !VERSION.matcher(v).matches()) {
            problems.add("version '" + version + "' is not a version (letters, digits, '.', '_', '+', '-')");
        }
        String s = Strategies.normalize(strategy, problems);
        List<String> loopNames = Names.checkLoopNames(loops, problems);
        int timeout = timeoutMinutes == null ? DEFAULT_TIMEOUT_MINUTES : timeoutMinutes;
        if (timeout < 1 || timeout > MAX_TIMEOUT_MINUTES) {
            problems.add("timeoutMinutes must be between 1 and " + MAX_TIMEOUT_MINUTES + ", was " + timeout);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("openclawDeploy: " + String.join("; ", problems));
        }
        return new DeployArguments(agentName, artifactPath, v, s, loopNames, timeout);
    }

    public static String trimToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }

    /** The deployment strategies the agent accepts. */
    public static final class Strategies {
        public static final List<String> ALL = List.of("auto", "blue-green", "rolling", "canary", "feature-flag");

        private Strategies() {}

        static String normalize(String strategy, List<String> problems) {
            String s = trimToNull(strategy);
            if (s == null) {
                return "auto";
            }
            String lower = s.toLowerCase(Locale.ROOT).replace('_', '-');
            if (lower.equals("bluegreen")) {
                lower = "blue-green";
            }
            if (!ALL.contains(lower)) {
                problems.add("strategy '" + strategy + "' is not one of " + ALL);
                return null;
            }
            return lower;
        }
    }
}
