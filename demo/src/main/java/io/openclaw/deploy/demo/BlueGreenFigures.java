package io.openclaw.deploy.demo;

import java.io.PrintStream;
import java.util.Locale;

/** What the blue-green part showed: the switch, and the rollback on the agent and as the client saw it. */
record BlueGreenFigures(
        String from,
        String to,
        long switchMicros,
        long rollbackSwitchMicros,
        long rollbackMillis,
        long rollbackAcceptedMillis,
        long rollbackSettledMillis) implements ReportSection {

    @Override
    public boolean asExpected() {
        return rollbackSettledMillis >= 0;
    }

    @Override
    public void print(PrintStream out) {
        out.printf(Locale.ROOT, "  blue-green switch    %.2f ms (routing change, %s -> %s)%n", switchMicros / 1000.0,
                from, to);
        out.printf(Locale.ROOT, "  rollback             %d ms on the agent from acceptance to completion (routing switch %.2f ms)%n",
                rollbackMillis, rollbackSwitchMicros / 1000.0);
        out.printf(Locale.ROOT, "  rollback as seen     accepted %d ms after the client asked (HTTPS round trip, new"
                + " connection); every request sent %s after asking was served by %s%n", rollbackAcceptedMillis,
                rollbackSettledMillis >= 0 ? rollbackSettledMillis + " ms" : "(never settled)", from);
    }
}
