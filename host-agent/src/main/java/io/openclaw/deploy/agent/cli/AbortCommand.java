package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.Deployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "abort",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = "Stop a running deployment and return every loop it moved to the previous release.",
        footerHeading = "%nExample:%n",
        footer = {
            "  openclaw-agent abort --home C:\\OpenClaw d-20261127-210233-a1b2 --reason \"support tickets\" --wait",
            "",
            "Exit codes: 0 done, 3 ROLLED_BACK (with --wait, the expected end), 4 FAILED, 2 not running,",
            "5 agent unreachable or token refused, 1 anything else."
        })
final class AbortCommand extends DeploymentControlCommand {
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded in the deployment's events.")
    String reason;

    @Override
    Deployment act(AgentClient client, String id) throws Exception {
        return client.abort(id, reason);
    }
}
