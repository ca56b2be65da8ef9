package io.openclaw.deploy.agent.rollout;

/** The two slots of a blue-green pair. */
final class Slot {
    static final String BLUE = "blue";
    static final String GREEN = "green";

    private Slot() {}

    /** The slot a new version goes to: the one not serving, blue on a first deployment. */
    static String other(String slot) {
        if (slot == null) {
            return BLUE;
        }
        return BLUE.equals(slot) ? GREEN : BLUE;
    }
}
