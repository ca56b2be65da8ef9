package io.jenkins.plugins.openclaw.core;

import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the deployment steps hand back to the Pipeline script. Plain {@code LinkedHashMap}s of strings and numbers, so
 * the result serializes with the CPS program and can be used as {@code result.version} in a script.
 */
public final class StepResults {
    private StepResults() {}

    /**
     * Keys: id, version, strategy, state, durationMillis, previousVersion (and reason when there is one), loops, and
     * verificationPassed (true, false, or null when the agent has no verification report for it).
     */
    public static Map<String, Object> toMap(Deployment d) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", d.id());
        map.put("version", d.version());
        map.put("strategy", d.strategy());
        map.put("state", d.state() == null ? null : d.state().name());
        map.put("durationMillis", d.durationMillis());
        map.put("previousVersion", d.previousVersion());
        if (d.reason() != null) {
            map.put("reason", d.reason());
        }
        map.put("loops", new ArrayList<>(d.loops()));
        map.put("verificationPassed", d.verification() == null ? null : d.verification().passed());
        return map;
    }

    /** Whether the step must fail for this finished deployment (unless the caller asked for the result instead). */
    public static boolean isFailure(Deployment d) {
        return d.state() != DeploymentState.SUCCEEDED;
    }

    /** The message the build fails with: what happened and the agent's reason. */
    public static String failureMessage(String agent, Deployment d) {
        String what = d.state() == DeploymentState.ROLLED_BACK ? "was rolled back" : "failed";
        String reason = d.reason() == null || d.reason().isBlank() ? "no reason given by the agent" : d.reason();
        return "OpenClaw " + (Deployment.KIND_ROLLBACK.equals(d.kind()) ? "rollback " : "deployment ") + d.id()
                + " of version " + d.version() + " on agent " + agent + " " + what + ": " + reason;
    }
}
