package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.RollbackRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "rollback",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {
            "Switch back to the previous release (or to --to VERSION).",
            "While the previous release still runs this is a routing switch of well under",
            "a second; otherwise it is started again from releases/ first."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  openclaw-agent rollback --home C:\\OpenClaw --reason \"errors after 1.4.3\" --wait",
            "  openclaw-agent rollback --home C:\\OpenClaw --to 1.4.1",
            "",
            "Exit codes: 0 accepted (or SUCCEEDED with --wait), 2 no previous release or unknown",
            "--to version, 3 ROLLED_BACK, 4 FAILED, 5 agent unreachable or token refused, 1 anything else."
        })
final class RollbackCommand extends ClientCommand {
    @Option(names = "--to", paramLabel = "VERSION", description = "Release to return to (default: the one before the current).")
    String toVersion;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded in the rollback's events.")
    String reason;

    @Option(names = "--wait", description = "Follow the rollback until it ends.")
    boolean waitForEnd;

    @Override
    int run(AgentClient client) throws Exception {
        return Waiting.report(this, client, client.rollback(new RollbackRequest(toVersion, reason)), waitForEnd);
    }
}
