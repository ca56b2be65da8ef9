package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.Availability;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.protocol.DiskStatus;
import io.openclaw.deploy.protocol.InstanceStatus;
import io.openclaw.deploy.protocol.LoopStatus;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.Locale;
import picocli.CommandLine.Command;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show the release being served, its loops and instances, the running deployment, and the",
            "router's availability over its last 5 minutes against the 99.99% objective.",
            "Per loop: strategy, phase, weights and last analysis; per instance: version, weight,",
            "health and, where sampled, CPU and memory."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  openclaw-agent status --home C:\\OpenClaw",
            "  openclaw-agent status --agent https://10.0.0.5:7443 --token-file token.txt \\",
            "      --fingerprint 3fa2... --json"
        })
final class StatusCommand extends ClientCommand {
    @Override
    int run(AgentClient client) throws Exception {
        AgentStatus status = client.status();
        if (json) {
            printJson(status);
            return ExitCodes.SUCCESS;
        }
        PrintWriter out = out();
        out.println("agent        " + client.endpoint().where() + " (openclaw-agent " + orDash(status.agentVersion()) + ")");
        out.println("fingerprint  sha256:" + orDash(status.fingerprint()));
        out.println("release      " + (status.release() == null ? "none yet" : status.release() + " (slot " + orDash(status.activeSlot()) + ")"));
        out.println("releases     " + (status.releases().isEmpty() ? "-" : String.join(", ", status.releases())));
        if (status.disk() != null) {
            out.println("disk         " + disk(status.disk()));
        }
        Deployment d = status.deployment();
        out.println("deployment   " + (d == null ? "none running" : d.id() + " " + d.state() + " " + orDash(d.version())
                + (d.state() == DeploymentState.PAUSED && d.reason() != null ? ": " + d.reason() : "")));
        if (status.availability() != null) {
            out.println("availability " + availability(status.availability()));
        }
        if (!status.loops().isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "%-24s %-13s %-10s %s%n", "LOOP", "STRATEGY", "VERSION", "INSTANCES");
            for (LoopStatus loop : status.loops()) {
                out.printf(
                        Locale.ROOT,
                        "%-24s %-13s %-10s %s%n",
                        loop.name(),
                        orDash(loop.strategy()),
                        orDash(loop.version()),
                        loop.instances().isEmpty() ? "-" : instances(loop));
            }
        }
        out.flush();
        return ExitCodes.SUCCESS;
    }

    private static String disk(DiskStatus disk) {
        String free = disk.freeBytes() < 0 ? "free space unknown"
                : String.format(Locale.ROOT, "%.1f MiB free", disk.freeBytes() / (1024.0 * 1024));
        return disk.readOnly()
                ? "FULL, read-only mode (" + free + "): serving what is deployed, refusing deployments, uploads and flag changes"
                : free;
    }

    private static String instances(LoopStatus loop) {
        StringBuilder s = new StringBuilder();
        for (InstanceStatus i : loop.instances()) {
            if (s.length() > 0) {
                s.append("; ");
            }
            s.append(String.format(
                    Locale.ROOT,
                    "%s %s :%d pid %d %s w%d",
                    i.slot(),
                    i.version(),
                    i.port(),
                    i.pid(),
                    i.healthy() ? "healthy" : "UNHEALTHY",
                    i.weight()));
            if (i.cpuPercent() != null && i.memoryBytes() != null) {
                s.append(String.format(Locale.ROOT, " cpu %.1f%% mem %d MiB", i.cpuPercent(),
                        i.memoryBytes() / (1024 * 1024)));
            }
        }
        return s.toString();
    }

    /** E.g. {@code 99.9950% over the last 300 s (objective 99.99%: met; 3 of 60000 requests failed)}. */
    static String availability(Availability a) {
        String objective = String.format(Locale.ROOT, "objective %s%%", percent(a.objective()));
        if (a.ratio() == null) {
            return String.format(Locale.ROOT, "no requests over the last %d s (%s)", a.windowSeconds(), objective);
        }
        return String.format(Locale.ROOT, "%.4f%% over the last %d s (%s: %s; %d of %d requests failed)",
                100 * a.ratio(), a.windowSeconds(), objective, Boolean.TRUE.equals(a.met()) ? "met" : "NOT MET",
                a.failures(), a.requests());
    }

    private static String percent(double ratio) {
        return BigDecimal.valueOf(ratio).movePointRight(2).stripTrailingZeros().toPlainString();
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
