package io.openclaw.deploy.agent.service;

/**
 * The Winsvc/WinError numbers the service logic speaks (values as in jna-platform's {@code Winsvc}, {@code WinNT} and
 * {@code WinError}; kept here so the state machine and its tests do not load JNA). {@code WinsvcLayoutTest} checks
 * them against jna-platform.
 */
public final class ServiceControls {
    public static final int SERVICE_CONTROL_STOP = 0x1;
    public static final int SERVICE_CONTROL_INTERROGATE = 0x4;
    public static final int SERVICE_CONTROL_SHUTDOWN = 0x5;
    public static final int SERVICE_CONTROL_PRESHUTDOWN = 0xF;

    public static final int SERVICE_ACCEPT_STOP = 0x1;
    public static final int SERVICE_ACCEPT_SHUTDOWN = 0x4;
    public static final int SERVICE_ACCEPT_PRESHUTDOWN = 0x100;
    /**
     * STOP, and PRESHUTDOWN so a system shutdown waits for the drain (up to the preshutdown timeout) instead of the
     * ~20 s SHUTDOWN allows. Windows sends SHUTDOWN only to services that do not accept PRESHUTDOWN, so SHUTDOWN is
     * accepted too for the rare case the preshutdown notification is skipped.
     */
    public static final int ACCEPTED_WHILE_RUNNING =
            SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN | SERVICE_ACCEPT_PRESHUTDOWN;

    public static final int NO_ERROR = 0;
    public static final int ERROR_CALL_NOT_IMPLEMENTED = 120;
    public static final int ERROR_SERVICE_SPECIFIC_ERROR = 1066;

    private ServiceControls() {}
}
