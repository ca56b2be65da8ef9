package io.openclaw.deploy.agent.cli.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's figures, printed as a short report. */
record DemoReport(
        long requests,
        long served,
        List<String> failures,
        Map<String, Long> servedByVersion,
        long switchMicros,
        long rollbackSwitchMicros,
        long rollbackMillis,
        long rollbackAcceptedMillis,
        long rollbackSettledMillis,
        long servedByV2AfterSwitch) {

    long failed() {
        return failures.size();
    }

    void print(PrintStream out) {
        out.println();
        out.println("Report");
        out.printf(Locale.ROOT, "  requests sent        %d%n", requests);
        out.printf(Locale.ROOT, "  served               %d  %s%n", served, servedByVersion);
        out.printf(Locale.ROOT, "  failed               %d%n", failed());
        out.printf(Locale.ROOT, "  blue-green switch    %.2f ms (routing change, 1.0.0 -> 2.0.0)%n", switchMicros / 1000.0);
        out.printf(Locale.ROOT, "  rollback             %d ms on the agent from acceptance to completion (routing switch %.2f ms)%n",
                rollbackMillis, rollbackSwitchMicros / 1000.0);
        out.printf(Locale.ROOT, "  rollback as seen     accepted %d ms after the client asked (HTTPS round trip, new"
                + " connection); every request sent %s after asking was served by 1.0.0%n", rollbackAcceptedMillis,
                rollbackSettledMillis >= 0 ? rollbackSettledMillis + " ms" : "(never settled)");
        failures.stream().limit(5).forEach(f -> out.println("  failure: " + f));
        out.println(failed() == 0 ? "Zero failed requests." : failed() + " request(s) failed.");
    }
}
