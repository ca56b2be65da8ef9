package io.openclaw.deploy.agent.service;

import java.util.Optional;

/** Registers and controls the agent's service with the operating system's service manager. */
public interface ServiceManager {
    /** {@link #install(ServiceDefinition, Optional)} for an account without a password. */
    default void install(ServiceDefinition definition) throws ServiceCommandException {
        install(definition, Optional.empty());
    }

    /**
     * @param password the account's password, read during the call only (the caller clears it afterwards); see
     *                 {@link ServiceAccount} for which accounts need one
     * @throws ServiceCommandException {@code ALREADY_INSTALLED}, {@code NOT_ELEVATED}, ...
     */
    void install(ServiceDefinition definition, Optional<ServicePassword> password) throws ServiceCommandException;

    void uninstall(String name) throws ServiceCommandException;

    void start(String name) throws ServiceCommandException;

    /** Asks the service to stop and waits (up to the stop timeout) until it has. */
    void stop(String name, java.time.Duration timeout) throws ServiceCommandException;

    /** One line for humans, e.g. "RUNNING (pid 4242)". */
    String status(String name) throws ServiceCommandException;
}
