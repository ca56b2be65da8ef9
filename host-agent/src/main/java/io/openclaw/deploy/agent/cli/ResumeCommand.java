package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.Deployment;
import picocli.CommandLine.Command;

@Command(
        name = "resume",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = "Let a paused deployment continue its phases.",
        footerHeading = "%nExample:%n",
        footer = {
            "  openclaw-agent resume --home C:\\OpenClaw d-20261127-210233-a1b2",
            "",
            "Exit codes: 0 done (or SUCCEEDED with --wait), 2 not running or unknown action, 3 ROLLED_BACK, 4 FAILED,",
            "5 agent unreachable or token refused, 1 anything else."
        })
final class ResumeCommand extends DeploymentControlCommand {
    @Override
    Deployment act(AgentClient client, String id) throws Exception {
        return client.resume(id);
    }
}
