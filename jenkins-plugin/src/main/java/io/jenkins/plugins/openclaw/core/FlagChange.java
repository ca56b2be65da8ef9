package io.jenkins.plugins.openclaw.core;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One flag change a build made, as the agent reported it: kept on the build (so it must stay a plain serializable
 * class with getters for the views) and handed to the Pipeline script as a map.
 */
public final class FlagChange implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String agent;
    private final String name;
    private final String change;
    private final int revision;
    private final Boolean enabled;
    private final BigDecimal rolloutPercentage;
    private final long atMillis;

    /**
     * @param enabled null when the change deleted the flag
     * @param rolloutPercentage null when the change deleted the flag
     */
    public FlagChange(String agent, String name, String change, int revision, Boolean enabled,
            BigDecimal rolloutPercentage, long atMillis) {
        this.agent = agent;
        this.name = name;
        this.change = change;
        this.revision = revision;
        this.enabled = enabled;
        this.rolloutPercentage = rolloutPercentage;
        this.atMillis = atMillis;
    }

    public String getAgent() {
        return agent;
    }

    public String getName() {
        return name;
    }

    /** {@code set}, {@code deleted} or {@code rolled back to revision N}. */
    public String getChange() {
        return change;
    }

    public int getRevision() {
        return revision;
    }

    public Boolean getEnabled() {
        return enabled;
    }

    public BigDecimal getRolloutPercentage() {
        return rolloutPercentage;
    }

    public long getAtMillis() {
        return atMillis;
    }

    public boolean isDeleted() {
        return enabled == null;
    }

    /** What the step returns: name, revision, enabled, rolloutPercentage, change (and agent). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("agent", agent);
        map.put("name", name);
        map.put("revision", revision);
        map.put("enabled", enabled);
        map.put("rolloutPercentage", rolloutPercentage);
        map.put("change", change);
        return map;
    }
}
