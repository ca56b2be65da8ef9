package io.jenkins.plugins.openclaw;

import hudson.AbortException;
import hudson.model.Item;
import hudson.model.Run;
import io.openclaw.deploy.protocol.AgentClient;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Opens clients to configured agents. The token is read through the Credentials API in the context of the build (or,
 * for the Roll back button, of its job) each time, so it is never copied into build records, and never logged.
 */
final class AgentConnections {
    private AgentConnections() {}

    static ConfiguredAgent config(String agentName) throws AbortException {
        ConfiguredAgent config = OpenClawGlobalConfiguration.get().agent(agentName);
        if (config == null) {
            throw new AbortException(Messages.AgentConnections_UnknownAgent(agentName));
        }
        return config;
    }

    /** For steps: credentials as the build sees them (usage tracked by the Credentials API). */
    static AgentClient forRun(String agentName, Run<?, ?> run) throws AbortException {
        ConfiguredAgent config = config(agentName);
        StringCredentials token = AgentTokens.forRun(config.getCredentialsId(), run);
        if (token == null) {
            throw new AbortException(Messages.AgentConnections_NoCredential(config.getCredentialsId(), agentName));
        }
        return new AgentClient(config.endpoint(token.getSecret().getPlainText()));
    }

    /** For the Roll back button: credentials available to the job, looked up as the system and tracked. */
    static AgentClient forItem(String agentName, Item item) throws AbortException {
        ConfiguredAgent config = config(agentName);
        StringCredentials token = AgentTokens.forItem(config.getCredentialsId(), item);
        if (token == null) {
            throw new AbortException(Messages.AgentConnections_NoCredential(config.getCredentialsId(), agentName));
        }
        return new AgentClient(config.endpoint(token.getSecret().getPlainText()));
    }
}
