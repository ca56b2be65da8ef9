package io.openclaw.deploy.agent.service;

/**
 * Starts the agent (runtime and control API) and returns what stops it. Supplied by the command line, which alone may
 * assemble the runtime; the service logic only drives it.
 */
@FunctionalInterface
public interface AgentStarter {
    /**
     * @return closing it stops the agent gracefully: drain the router, stop the loops, flush the journal
     * @throws StartFailure (or any exception) if the agent cannot start; nothing must be left running then
     */
    AutoCloseable start() throws Exception;

    /** A start failure with a known cause, reported to the SCM with its own exit code. */
    final class StartFailure extends Exception {
        private final ServiceExitCode exitCode;

        public StartFailure(ServiceExitCode exitCode, String message, Throwable cause) {
            super(message, cause);
            this.exitCode = exitCode;
        }

        public ServiceExitCode exitCode() {
            return exitCode;
        }
    }
}
