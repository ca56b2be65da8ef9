package io.openclaw.deploy.agent.service.windows;

import com.sun.jna.platform.win32.WinError;
import io.openclaw.deploy.agent.service.ServiceCommandException;
import io.openclaw.deploy.agent.service.ServiceCommandException.Kind;
import io.openclaw.deploy.agent.service.ServiceState;
import java.time.Duration;

/**
 * {@code service stop}: sends STOP and waits for STOPPED. The SCM refuses every control while a service is
 * START_PENDING or STOP_PENDING (error 1061, ERROR_SERVICE_CANNOT_ACCEPT_CTRL), and the agent's start may take up to
 * five minutes: a stop asked for meanwhile waits until the service runs and then sends STOP, instead of failing with
 * a bare "Windows error 1061". A service already stopping is simply waited for. All within the one timeout.
 */
final class ServiceStopper {
    /** The two SCM calls on an open service handle; {@code ControlService} and {@code QueryServiceStatusEx}. */
    interface Control {
        /** @throws ScmRegistry.ScmError with the Win32 error of {@code ControlService(STOP)} */
        void sendStop() throws ScmRegistry.ScmError;

        /** The current state, as a {@code SERVICE_*} state code. */
        int state() throws ScmRegistry.ScmError;
    }

    /** Waits between two looks at the state: the SCM offers no wait for a state, sc.exe polls too. */
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    static final Duration POLL = Duration.ofMillis(500);

    private final Control control;
    private final Pause pause;

    ServiceStopper(Control control, Pause pause) {
        this.control = control;
        this.pause = pause;
    }

    void stop(String name, Duration timeout) throws ServiceCommandException {
        long polls = Math.max(1, timeout.toMillis() / POLL.toMillis());
        boolean stopSent = false;
        for (long poll = 0; poll <= polls; poll++) {
            int state = query();
            if (state == ServiceState.STOPPED.code()) {
                return;
            }
            if (!stopSent && state != ServiceState.START_PENDING.code()) {
                stopSent = sendStop();
            }
            if (poll < polls) {
                waitABit(name);
            }
        }
        throw new ServiceCommandException(Kind.TIMEOUT, "the service " + name + (stopSent ? " did not stop" :
                " was still starting, so it could not be asked to stop,") + " within " + timeout.toSeconds() + " s");
    }

    /** @return whether the service has the request (or is stopping or stopped anyway) */
    private boolean sendStop() throws ServiceCommandException {
        try {
            control.sendStop();
            return true;
        } catch (ScmRegistry.ScmError e) {
            return switch (e.code()) {
                case WinError.ERROR_SERVICE_NOT_ACTIVE -> true; // stopped in between
                case WinError.ERROR_SERVICE_CANNOT_ACCEPT_CTRL -> false; // pending: look again
                case WinError.ERROR_ACCESS_DENIED -> throw new ServiceCommandException(Kind.NOT_ELEVATED,
                        "access denied by the Service Control Manager");
                default -> throw new ServiceCommandException(Kind.FAILED, e.getMessage(), e);
            };
        }
    }

    private int query() throws ServiceCommandException {
        try {
            return control.state();
        } catch (ScmRegistry.ScmError e) {
            throw new ServiceCommandException(Kind.FAILED, e.getMessage(), e);
        }
    }

    private void waitABit(String name) throws ServiceCommandException {
        try {
            pause.pause(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceCommandException(Kind.TIMEOUT, "interrupted while waiting for " + name + " to stop");
        }
    }
}
