package io.openclaw.deploy.agent.supervisor;

/** Refusal to launch an instance on a port that something else already holds: never two instances on one port. */
public final class PortInUseException extends RuntimeException {
    private final int port;

    public PortInUseException(int port, String message) {
        super(message);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
