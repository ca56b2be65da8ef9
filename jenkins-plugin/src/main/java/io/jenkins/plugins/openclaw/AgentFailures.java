package io.jenkins.plugins.openclaw;

import hudson.AbortException;
import io.openclaw.deploy.protocol.AgentClientException;

/**
 * Turns a failed call to an agent (unreachable, token refused, certificate not the pinned one, a problem the agent
 * answered) into the one line Pipeline prints for an {@link AbortException}, naming the agent: the protocol's
 * messages already say what went wrong, and a stack trace in the build log would only hide it.
 */
final class AgentFailures {
    private AgentFailures() {}

    static AbortException oneLine(String agent, AgentClientException e) {
        return new AbortException("OpenClaw agent '" + agent + "': " + e.getMessage());
    }
}
