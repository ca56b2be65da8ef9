package io.openclaw.deploy.agent.service;

/** Where the service's status goes: {@code SetServiceStatus} on Windows, a recorder in tests. */
@FunctionalInterface
public interface StatusReporter {
    void report(ServiceStatus status);
}
