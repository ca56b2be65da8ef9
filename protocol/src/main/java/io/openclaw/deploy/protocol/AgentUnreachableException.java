package io.openclaw.deploy.protocol;

/** The agent could not be reached: refused, timed out, or its certificate does not match the pinned fingerprint. */
public class AgentUnreachableException extends AgentClientException {
    private static final long serialVersionUID = 1L;

    public AgentUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
