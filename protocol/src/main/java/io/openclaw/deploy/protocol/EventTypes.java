package io.openclaw.deploy.protocol;

/** Stable values of {@link DeploymentEvent#type()}; clients may branch on them. */
public final class EventTypes {
    public static final String ACCEPTED = "accepted";
    public static final String STATE = "state";
    public static final String ARTIFACT_VERIFIED = "artifact-verified";
    public static final String RELEASE_UNPACKED = "release-unpacked";
    public static final String INSTANCE_STARTED = "instance-started";
    public static final String INSTANCE_HEALTHY = "instance-healthy";
    public static final String INSTANCE_UNHEALTHY = "instance-unhealthy";
    public static final String INSTANCE_STOPPED = "instance-stopped";
    public static final String TRAFFIC_SWITCHED = "traffic-switched";
    public static final String WEIGHTS_CHANGED = "weights-changed";
    public static final String ANALYSIS = "analysis";
    public static final String PROMOTED = "promoted";
    public static final String CONTROL = "control";
    public static final String ROLLBACK_STARTED = "rollback-started";
    public static final String COMPLETED = "completed";
    public static final String INFO = "info";
    /** A loop instance's CPU or memory stayed above its threshold (data: instance, figure, percent, seconds...). */
    public static final String RESOURCE_ALERT = "resource-alert";
    /** That instance's figure came back below the threshold. */
    public static final String RESOURCE_ALERT_CLEARED = "resource-alert-cleared";
    /** The release verification report (spec 10.2): data {@code passed} and {@code report}. */
    public static final String VERIFICATION = "verification";
    /**
     * A step of a loop's state migration (spec 3.3): data {@code loop}, {@code step} (snapshot, validated, staged,
     * freeze, sync, resume, restored, pruned, skipped) and the step's figures.
     */
    public static final String STATE_MIGRATION = "state-migration";

    private EventTypes() {}
}
