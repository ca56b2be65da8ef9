package io.openclaw.deploy.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's figures, printed as a short report: the traffic as a whole, then one section per part that ran. */
record DemoReport(
        long requests,
        long served,
        List<String> failures,
        long loopErrors,
        Map<String, Long> servedByVersion,
        List<ReportSection> sections) {

    /** Requests that failed because of the router: every non-200 but the 5xx a faulty loop answered itself. */
    long failed() {
        return failures.size();
    }

    boolean asExpected() {
        return failed() == 0 && sections.stream().allMatch(ReportSection::asExpected);
    }

    void print(PrintStream out) {
        out.println();
        out.println("Report");
        out.printf(Locale.ROOT, "  requests sent        %d%n", requests);
        out.printf(Locale.ROOT, "  served               %d  %s%n", served, servedByVersion);
        out.printf(Locale.ROOT, "  failed               %d%n", failed());
        if (loopErrors > 0) {
            out.printf(Locale.ROOT, "  faulty canary's 5xx  %d (answered by the faulty release itself, not failures"
                    + " of the router)%n", loopErrors);
        }
        sections.forEach(s -> s.print(out));
        failures.stream().limit(5).forEach(f -> out.println("  failure: " + f));
        out.println(failed() == 0 ? "Zero failed requests." : failed() + " request(s) failed.");
        if (!sections.stream().allMatch(ReportSection::asExpected)) {
            out.println("Some part did not end as the demo expects; see above.");
        }
    }
}
