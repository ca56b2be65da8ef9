package io.openclaw.deploy.agent.service;

/** The service states the agent reports to the Service Control Manager, with their Winsvc {@code SERVICE_*} values. */
public enum ServiceState {
    STOPPED(1),
    START_PENDING(2),
    STOP_PENDING(3),
    RUNNING(4);

    private final int code;

    ServiceState(int code) {
        this.code = code;
    }

    /** {@code dwCurrentState} of SERVICE_STATUS. */
    public int code() {
        return code;
    }

    public boolean pending() {
        return this == START_PENDING || this == STOP_PENDING;
    }
}
