package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentClientException;
import io.openclaw.deploy.protocol.Deployment;

/** What deploy and rollback print once the agent has accepted: the deployment, and with --wait its progress. */
final class Waiting {
    private Waiting() {}

    static int report(ClientCommand command, AgentClient client, Deployment accepted, boolean wait)
            throws AgentClientException {
        if (!wait) {
            if (command.json) {
                command.printJson(accepted);
            } else {
                command.out().println(EventLines.accepted(accepted));
                command.out().println("follow it with: openclaw-agent events " + accepted.id() + " (or use --wait)");
                command.out().flush();
            }
            return ExitCodes.SUCCESS;
        }
        if (command.json) {
            Deployment end = DeploymentFollower.follow(client, accepted.id(), 0, command::printJsonLine);
            command.printJsonLine(end);
            return EventLines.exitCode(end);
        }
        command.out().println(EventLines.accepted(accepted));
        command.out().flush();
        Deployment end = DeploymentFollower.follow(client, accepted.id(), 0, e -> {
            command.out().println(EventLines.event(e));
            command.out().flush();
        });
        command.out().println(EventLines.outcome(end));
        if (end.verification() != null) {
            Checklist.print(command.out(), end.verification());
        }
        command.out().flush();
        return EventLines.exitCode(end);
    }
}
