package io.openclaw.deploy.protocol;

import java.io.IOException;

/** Base of every failure of {@link AgentClient}; the subclasses say which kind. */
public class AgentClientException extends IOException {
    private static final long serialVersionUID = 1L;

    public AgentClientException(String message) {
        super(message);
    }

    public AgentClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
