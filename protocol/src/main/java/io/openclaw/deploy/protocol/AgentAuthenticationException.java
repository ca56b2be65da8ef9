package io.openclaw.deploy.protocol;

/** The agent refused the token (401). */
public class AgentAuthenticationException extends AgentClientException {
    private static final long serialVersionUID = 1L;

    public AgentAuthenticationException(String message) {
        super(message);
    }
}
