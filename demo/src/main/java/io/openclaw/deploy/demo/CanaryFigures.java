package io.openclaw.deploy.demo;

import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.DeploymentState;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What the canary part showed.
 *
 * @param failedCheck          the analysis event that failed, null if none did
 * @param canaryOff            the rollback-started event of the routing change that took the canary out, or null
 * @param servedByCanary       requests the canary answered with a 200
 * @param canaryErrors         requests the canary answered with a 5xx it injected itself
 * @param reachedAfterOff      requests sent after the canary was taken out that still reached it
 * @param lastReachedAfterCheckMillis send time of the last request that reached the canary, after the failed check
 */
record CanaryFigures(
        Deployment deployment,
        DeploymentEvent failedCheck,
        DeploymentEvent canaryOff,
        long servedByCanary,
        long canaryErrors,
        long reachedAfterOff,
        Double lastReachedAfterCheckMillis) implements ReportSection {

    String trigger() {
        return failedCheck == null ? "none" : String.valueOf(failedCheck.data().get("trigger"));
    }

    @Override
    public boolean asExpected() {
        return deployment.state() == DeploymentState.ROLLED_BACK && trigger().equals("error_rate")
                && canaryOff != null && reachedAfterOff == 0;
    }

    @Override
    public void print(PrintStream out) {
        out.printf(Locale.ROOT, "  canary %s         %s built with SAMPLE_ERROR_RATE=%.2f: %s by the %s trigger%n",
                deployment.version(), String.join(", ", CanaryDemo.LOOPS), CanaryDemo.ERROR_RATE, deployment.state(),
                trigger());
        if (!asExpected()) {
            out.println("  reason               " + deployment.reason());
        }
        if (failedCheck != null) {
            Map<String, Object> d = failedCheck.data();
            out.printf(Locale.ROOT, "  failed check         %s at %s%%: error rate %.4f (%s of %s requests in %s s,"
                    + " router errors %s), p95 %s ms%n", d.get("loop"), d.get("percentage"),
                    ((Number) d.get("errorRate")).doubleValue(), d.get("serverErrors"), d.get("requests"),
                    d.get("windowSeconds"), d.get("routerErrors"), d.get("p95LatencyMillis"));
        }
        if (failedCheck != null && canaryOff != null) {
            double routingMillis = canaryOff.data().get("canaryOffMicros") instanceof Number n
                    ? n.longValue() / 1000.0 : 0.0;
            out.printf(Locale.ROOT, "  canary out           %d ms from the failed check to the canary's removal from"
                    + " routing (routing change %.2f ms)%n",
                    Duration.between(failedCheck.time(), canaryOff.time()).toMillis(),
                    routingMillis);
        }
        out.printf(Locale.ROOT, "  canary traffic       %d served and %d 5xx answered by %s itself (its injected"
                + " errors, not router failures)%n", servedByCanary, canaryErrors, deployment.version());
        out.printf(Locale.ROOT, "  after the rollback   %s; requests reaching %s after its removal: %d%n",
                lastReachedAfterCheckMillis == null ? "no request reached the canary"
                        : lastReachedAfterCheckMillis < 0 ? String.format(Locale.ROOT, "no request sent after the"
                                + " failed check reached the canary (the last was sent %.0f ms before it)",
                                -lastReachedAfterCheckMillis)
                        : String.format(Locale.ROOT, "the last request that reached the canary was sent %.0f ms"
                                + " after the failed check", lastReachedAfterCheckMillis),
                deployment.version(), reachedAfterOff);
    }
}
