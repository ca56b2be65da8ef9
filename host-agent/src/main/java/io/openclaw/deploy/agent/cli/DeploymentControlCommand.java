package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.Deployment;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A manual control of a running deployment; each subclass is one verb of the API. */
abstract class DeploymentControlCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The running deployment (see 'deployments' or 'status').")
    String deploymentId;

    @Option(names = "--wait", description = "Then follow the deployment until it ends; the exit code tells the outcome.")
    boolean waitForEnd;

    abstract Deployment act(AgentClient client, String id) throws Exception;

    @Override
    final int run(AgentClient client) throws Exception {
        return Waiting.report(this, client, act(client, deploymentId), waitForEnd);
    }
}
