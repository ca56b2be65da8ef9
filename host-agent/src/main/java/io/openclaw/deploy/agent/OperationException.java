package io.openclaw.deploy.agent;

/**
 * A request the agent refuses for a reason the caller can act on. The control API turns it into an RFC 9457 problem
 * with {@link #problemType()} and {@link #httpStatus()}; the CLI into one line and an exit code.
 */
public class OperationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String problemType;
    private final int httpStatus;
    private final String deploymentId;

    public OperationException(String problemType, int httpStatus, String message) {
        this(problemType, httpStatus, message, null, null);
    }

    public OperationException(String problemType, int httpStatus, String message, String deploymentId, Throwable cause) {
        super(message, cause);
        this.problemType = problemType;
        this.httpStatus = httpStatus;
        this.deploymentId = deploymentId;
    }

    public String problemType() {
        return problemType;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The deployment the problem is about (e.g. the one holding the lock), or null. */
    public String deploymentId() {
        return deploymentId;
    }
}
