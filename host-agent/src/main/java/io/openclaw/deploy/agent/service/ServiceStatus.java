package io.openclaw.deploy.agent.service;

/**
 * One SERVICE_STATUS report, in the SCM's own terms (the fields of Winsvc {@code SERVICE_STATUS} without the service
 * type, which is always SERVICE_WIN32_OWN_PROCESS).
 *
 * @param controlsAccepted  {@code SERVICE_ACCEPT_*} bits; none while a state is pending
 * @param win32ExitCode     0, or {@link ServiceControls#ERROR_SERVICE_SPECIFIC_ERROR} when {@code serviceExitCode} says why
 * @param checkPoint        grows during a pending state so the SCM sees progress; 0 otherwise
 * @param waitHintMillis    how long the SCM should wait for the next report before it declares the service hung
 */
public record ServiceStatus(
        ServiceState state,
        int controlsAccepted,
        int win32ExitCode,
        int serviceExitCode,
        int checkPoint,
        int waitHintMillis) {

    public ServiceStatus {
        if (state == null) {
            throw new IllegalArgumentException("state is required");
        }
        if (state.pending() && controlsAccepted != 0) {
            throw new IllegalArgumentException("a pending service accepts no controls");
        }
        if (!state.pending() && (checkPoint != 0 || waitHintMillis != 0)) {
            throw new IllegalArgumentException("check point and wait hint belong to pending states only");
        }
    }

    static ServiceStatus pending(ServiceState state, int checkPoint, int waitHintMillis) {
        return new ServiceStatus(state, 0, 0, 0, checkPoint, waitHintMillis);
    }

    static ServiceStatus running() {
        return new ServiceStatus(ServiceState.RUNNING, ServiceControls.ACCEPTED_WHILE_RUNNING, 0, 0, 0, 0);
    }

    static ServiceStatus stopped(ServiceExitCode exit) {
        return exit == ServiceExitCode.OK
                ? new ServiceStatus(ServiceState.STOPPED, 0, 0, 0, 0, 0)
                : new ServiceStatus(ServiceState.STOPPED, 0, ServiceControls.ERROR_SERVICE_SPECIFIC_ERROR, exit.code(), 0, 0);
    }
}
