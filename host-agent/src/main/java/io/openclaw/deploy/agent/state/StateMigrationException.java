package io.openclaw.deploy.agent.state;

/** A state step that could not be done; the message says what, for which loop, and that nothing was switched. */
public final class StateMigrationException extends Exception {
    private static final long serialVersionUID = 1L;

    public StateMigrationException(String message) {
        super(message);
    }

    public StateMigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
