package io.openclaw.deploy.agent.service;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Registers and controls the agent's service with the operating system's service manager. */
public interface ServiceManager {
    /** {@link #install(ServiceDefinition, Optional)} for an account without a password. */
    default List<String> install(ServiceDefinition definition) throws ServiceCommandException {
        return install(definition, Optional.empty());
    }

    /**
     * @param password the account's password, read during the call only (the caller clears it afterwards); see
     *                 {@link ServiceAccount} for which accounts need one
     * @return what was done besides registering it, one line each for the command to print (e.g. a user right
     *         granted to the account); empty when nothing
     * @throws ServiceCommandException {@code ALREADY_INSTALLED}, {@code NOT_ELEVATED}, ...
     */
    List<String> install(ServiceDefinition definition, Optional<ServicePassword> password) throws ServiceCommandException;

    /**
     * Points the installed service at {@code definition}'s command line (a new jar, Java or JVM options) and applies
     * its settings again; the account stays as installed.
     *
     * @return what was done, one line each
     * @throws ServiceCommandException {@code NOT_INSTALLED}, {@code NOT_ELEVATED}, ...
     */
    List<String> reconfigure(ServiceDefinition definition) throws ServiceCommandException;

    void uninstall(String name) throws ServiceCommandException;

    void start(String name) throws ServiceCommandException;

    /** Asks the service to stop and waits (up to the stop timeout) until it has. */
    void stop(String name, Duration timeout) throws ServiceCommandException;

    /** One line for humans, e.g. "RUNNING (pid 4242)". */
    String status(String name) throws ServiceCommandException;
}
