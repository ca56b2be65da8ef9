package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;

@Command(
        name = "deployments",
        mixinStandardHelpOptions = true,
        description = "List the agent's deployments and rollbacks, newest first.",
        footerHeading = "%nExample:%n",
        footer = "  openclaw-agent deployments --home C:\\OpenClaw")
final class DeploymentsCommand extends ClientCommand {
    @Override
    int run(AgentClient client) throws Exception {
        List<Deployment> all = client.deployments();
        if (json) {
            printJson(new DeploymentList(all));
            return ExitCodes.SUCCESS;
        }
        if (all.isEmpty()) {
            out().println("no deployments yet");
            return ExitCodes.SUCCESS;
        }
        String format = "%-26s %-8s %-11s %-10s %-10s %-20s %s%n";
        out().printf(Locale.ROOT, format, "ID", "KIND", "STATE", "VERSION", "PREVIOUS", "CREATED", "REASON");
        for (Deployment d : all) {
            out().printf(
                    Locale.ROOT,
                    format,
                    d.id(),
                    d.kind(),
                    d.state(),
                    nullToDash(d.version()),
                    nullToDash(d.previousVersion()),
                    d.createdAt() == null ? "-" : d.createdAt().toString().replaceFirst("\\.\\d+Z$", "Z"),
                    nullToDash(d.reason()));
        }
        out().flush();
        return ExitCodes.SUCCESS;
    }

    private static String nullToDash(String s) {
        return s == null ? "-" : s;
    }
}
