package io.openclaw.deploy.protocol;

import java.util.List;

/**
 * One item of the release verification checklist (spec 10.2) as it was measured.
 *
 * @param check     stable id of the item: {@code service_health}, {@code loops_responding}, {@code dependencies},
 *                  {@code error_rate}, {@code p95_latency}, {@code cpu}, {@code memory}, {@code log_output},
 *                  {@code metrics}
 * @param title     the checklist's words for it
 * @param verdict   pass, warn (outside the threshold but configured to warn only) or fail
 * @param measured  what was measured, with its unit (e.g. {@code 0.02 % of 4210 requests})
 * @param threshold what it is judged against (e.g. {@code < 0.1 %})
 * @param details   what is wrong, one entry per loop, instance or target named (empty when it passed)
 */
public record VerificationItem(
        String check, String title, VerificationVerdict verdict, String measured, String threshold,
        List<String> details) {

    public VerificationItem {
        details = details == null ? List.of() : List.copyOf(details);
    }
}
