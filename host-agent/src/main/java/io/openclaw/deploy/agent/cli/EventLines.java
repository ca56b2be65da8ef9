package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.agent.DiskFullException;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How deployments and their events read on a terminal. */
final class EventLines {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());

    private EventLines() {}

    /** e.g. {@code   12:01:02.123  #5  STARTING     started gmail_processor-green-0 (pid 4242, port 8021)} */
    static String event(DeploymentEvent e) {
        return String.format(
                Locale.ROOT,
                "  %s  #%-3d %-12s %s",
                e.time() == null ? "--:--:--.---" : TIME.format(e.time()),
                e.seq(),
                e.state() == null ? "" : e.state().name(),
                e.message() == null ? e.type() : e.message());
    }

    static String accepted(Deployment d) {
        return String.format(
                Locale.ROOT,
                "%s %s accepted: %s%s (strategy %s)",
                d.kind(),
                d.id(),
                d.version() == null ? "previous release" : d.version(),
                d.previousVersion() == null ? "" : " replacing " + d.previousVersion(),
                d.strategy() == null ? "auto" : d.strategy());
    }

    static String outcome(Deployment d) {
        String took = d.durationMillis() == null ? "" : " in " + seconds(d.durationMillis());
        return switch (d.state()) {
            case SUCCEEDED -> d.kind() + " " + d.id() + " SUCCEEDED" + took + ": " + d.version() + " is live";
            case ROLLED_BACK -> d.kind() + " " + d.id() + " ROLLED_BACK" + took + ": " + reason(d)
                    + (d.previousVersion() == null ? "" : "; " + d.previousVersion() + " still serves");
            case FAILED -> d.kind() + " " + d.id() + " FAILED" + took + ": " + reason(d);
            default -> d.kind() + " " + d.id() + " is " + d.state();
        };
    }

    static int exitCode(Deployment d) {
        if (d.isFinished() && d.reason() != null && d.reason().startsWith(DiskFullException.REASON_PREFIX)) {
            return ExitCodes.DISK_FULL; // what to do next is "free space", not "look at the release"
        }
        return switch (d.state()) {
            case SUCCEEDED -> ExitCodes.SUCCESS;
            case ROLLED_BACK -> ExitCodes.ROLLED_BACK;
            case FAILED -> ExitCodes.FAILED;
            default -> ExitCodes.SUCCESS;
        };
    }

    private static String reason(Deployment d) {
        return d.reason() == null ? "no reason given" : d.reason();
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", Duration.ofMillis(millis).toMillis() / 1000.0);
    }
}
