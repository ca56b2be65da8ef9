package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.Deployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "events",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = "Print a deployment's events, following new ones until the deployment ends.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  openclaw-agent events --home C:\\OpenClaw d-20261127-205634-1",
            "  openclaw-agent events --home C:\\OpenClaw d-20261127-205634-1 --after 12 --json"
        })
final class EventsCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The deployment id (see 'deployments').")
    String deploymentId;

    @Option(names = "--after", paramLabel = "N", defaultValue = "0", description = "Only events after sequence number N (to resume).")
    long after;

    @Override
    int run(AgentClient client) throws Exception {
        if (after < 0) {
            throw new CliException(ExitCodes.USAGE, "--after must be >= 0");
        }
        Deployment end = DeploymentFollower.follow(client, deploymentId, after, e -> {
            if (json) {
                printJsonLine(e);
            } else {
                out().println(EventLines.event(e));
                out().flush();
            }
        });
        if (!json) {
            out().println(EventLines.outcome(end));
            if (end.verification() != null) {
                Checklist.print(out(), end.verification());
            }
            out().flush();
        }
        return ExitCodes.SUCCESS;
    }
}
