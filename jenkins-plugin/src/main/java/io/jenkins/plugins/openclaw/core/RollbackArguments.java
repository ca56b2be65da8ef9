package io.jenkins.plugins.openclaw.core;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** The checked arguments of {@code openclawRollback}. */
public record RollbackArguments(String agent, String toVersion, String reason, int timeoutMinutes) implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int MAX_REASON = 500;

    /** @throws IllegalArgumentException listing every bad argument */
    public static RollbackArguments of(String agent, String toVersion, String reason, Integer timeoutMinutes) {
        List<String> problems = new ArrayList<>();
        String a = Names.checkAgentName(agent, problems);
        String v = DeployArguments.trimToNull(toVersion);
        String r = DeployArguments.trimToNull(reason);
        if (r != null && r.length() > MAX_REASON) {
            problems.add("reason is longer than " + MAX_REASON + " characters");
        }
        int timeout = timeoutMinutes == null ? 30 : timeoutMinutes;
        if (timeout < 1 || timeout > DeployArguments.MAX_TIMEOUT_MINUTES) {
            problems.add("timeoutMinutes must be between 1 and " + DeployArguments.MAX_TIMEOUT_MINUTES);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("openclawRollback: " + String.join("; ", problems));
        }
        return new RollbackArguments(a, v, r == null ? "requested by a Pipeline step" : r, timeout);
    }
}
