package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.protocol.VerificationItem;
import io.openclaw.deploy.protocol.VerificationReport;
import io.openclaw.deploy.protocol.VerificationVerdict;
import java.io.PrintWriter;
import java.util.Locale;

/** A verification report as the checklist of spec 10.2: one line per item with its figure, then what is wrong. */
final class Checklist {
    private Checklist() {}

    static void print(PrintWriter out, VerificationReport report) {
        out.println("verification " + (report.passed() ? "passed" : "FAILED") + " (" + report.trigger()
                + (report.deploymentId() == null ? "" : " " + report.deploymentId())
                + (report.checkedAt() == null ? "" : ", " + report.checkedAt()) + ")");
        int width = report.items().stream().mapToInt(i -> i.title().length()).max().orElse(0);
        for (VerificationItem item : report.items()) {
            out.println(line(item, width));
            for (String detail : item.details()) {
                out.println("      - " + detail);
            }
        }
        out.flush();
    }

    /** e.g. {@code   ✔ Error rate < 0.1 %   0.02 % of 4210 requests (< 0.1 % per loop over 60 s)} */
    static String line(VerificationItem item, int width) {
        return String.format(Locale.ROOT, "  %s %-" + Math.max(1, width) + "s  %s (%s)%s", mark(item.verdict()),
                item.title(), item.measured(), item.threshold(),
                item.verdict() == VerificationVerdict.WARN ? " [warn only]" : "");
    }

    private static String mark(VerificationVerdict verdict) {
        return switch (verdict) {
            case PASS -> "\u2714";
            case WARN -> "!";
            case FAIL -> "\u2718";
        };
    }
}
