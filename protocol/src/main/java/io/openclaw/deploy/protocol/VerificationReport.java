package io.openclaw.deploy.protocol;

import java.time.Instant;
import java.util.List;

/**
 * The release verification checklist (spec 10.2) as the agent ran it: after a deployment, after a rollback, or on
 * demand ({@code GET /v1/verification}).
 *
 * @param trigger      {@code deploy}, {@code rollback} or {@code on-demand}
 * @param deploymentId the deployment or rollback it verified, null on demand
 * @param checkedAt    when the checks ended
 * @param passed       true when no item failed (warnings do not fail a report)
 * @param items        every item, in checklist order
 */
public record VerificationReport(
        String trigger, String deploymentId, Instant checkedAt, boolean passed, List<VerificationItem> items) {

    public static final String TRIGGER_DEPLOY = "deploy";
    public static final String TRIGGER_ROLLBACK = "rollback";
    public static final String TRIGGER_ON_DEMAND = "on-demand";

    public VerificationReport {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** The items with this verdict. */
    public List<VerificationItem> withVerdict(VerificationVerdict verdict) {
        return items.stream().filter(i -> i.verdict() == verdict).toList();
    }

    /** One line naming the failed items and their first details, e.g. for a deployment's reason. */
    public String failureSummary() {
        return withVerdict(VerificationVerdict.FAIL).stream()
                .map(i -> i.check() + " (" + (i.details().isEmpty() ? i.measured() : String.join("; ", i.details())) + ")")
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
    }
}
