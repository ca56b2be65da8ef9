package io.openclaw.deploy.agent.service.windows;

import io.openclaw.deploy.agent.service.ServiceDefinition;

/**
 * The Service Control Manager calls of {@code service install} and {@code service reconfigure}, as a seam:
 * {@link AdvapiScmRegistry} makes them through JNA, and on Linux the decisions around them (accounts, passwords, the
 * order of the steps, rolling back, errors) are tested against a fake.
 */
public interface ScmRegistry {
    /** A Win32 error from one of the calls. */
    final class ScmError extends Exception {
        private final String call;
        private final int code;

        public ScmError(String call, int code) {
            super(call + " failed: Windows error " + code);
            this.call = call;
            this.code = code;
        }

        public String call() {
            return call;
        }

        public int code() {
            return code;
        }
    }

    /**
     * {@code OpenSCManager} + {@code CreateService}: the service exists from here on.
     *
     * @param account  {@code lpServiceStartName}; null is LocalSystem
     * @param password the password argument of {@code CreateService}; null for accounts without one. Read during the call only: the
     *                 implementation copies it to native memory that it overwrites before returning
     */
    void create(ServiceDefinition definition, String account, char[] password) throws ScmError;

    /**
     * {@code ChangeServiceConfig2}: description, delayed start, preshutdown timeout, failure actions (also on a
     * failed start).
     */
    void configure(ServiceDefinition definition) throws ScmError;

    /** {@code ChangeServiceConfig}: only the command line changes (account, start type and the rest are kept). */
    void changeCommandLine(String name, String commandLine) throws ScmError;

    /** {@code DeleteService}: to take back a registration that could not be completed. */
    void delete(String name) throws ScmError;

    /** The Application event log source named after the service. */
    void registerEventSource(String name);
}
