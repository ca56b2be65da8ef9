package io.openclaw.deploy.agent.service.windows;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Winsvc;
import io.openclaw.deploy.agent.service.AgentStarter;
import io.openclaw.deploy.agent.service.ServiceExitCode;
import io.openclaw.deploy.agent.service.ServiceLifecycle;
import io.openclaw.deploy.agent.service.ServiceStatus;
import io.openclaw.deploy.agent.service.StatusReporter;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Connects {@link ServiceLifecycle} to the SCM: {@code StartServiceCtrlDispatcher} on the calling (main) thread, which
 * must happen within 30 s of the process start, so nothing heavy runs before it; ServiceMain registers the HandlerEx
 * and runs the lifecycle, whose reports go to {@code SetServiceStatus}.
 */
public final class WindowsServiceHost {
    /** What {@link #dispatch} found. */
    public enum Outcome {
        /** The service ran and has stopped. */
        RAN,
        /** This process was not started by the SCM (ERROR_FAILED_SERVICE_CONTROLLER_CONNECT), e.g. from a console. */
        NOT_A_SERVICE
    }

    private final String serviceName;
    private final Function<StatusReporter, ServiceLifecycle> lifecycleFactory;
    private final AgentStarter starter;
    private final AtomicReference<ServiceExitCode> exit = new AtomicReference<>(ServiceExitCode.OK);
    // Callbacks must stay strongly reachable while native code may call them.
    private ServiceMain main;
    private ControlHandler handler;

    public WindowsServiceHost(String serviceName, Function<StatusReporter, ServiceLifecycle> lifecycleFactory,
            AgentStarter starter) {
        this.serviceName = serviceName;
        this.lifecycleFactory = lifecycleFactory;
        this.starter = starter;
    }

    /** Blocks until the service has stopped (or returns NOT_A_SERVICE at once). */
    public Outcome dispatch() {
        main = new ServiceMain();
        Winsvc.SERVICE_TABLE_ENTRY entry = new Winsvc.SERVICE_TABLE_ENTRY();
        entry.lpServiceName = serviceName;
        entry.lpServiceProc = main;
        // The table ends with an all-zero entry: toArray(2) leaves the second one zeroed.
        Winsvc.SERVICE_TABLE_ENTRY[] table = (Winsvc.SERVICE_TABLE_ENTRY[]) entry.toArray(2);
        if (!Advapi32.INSTANCE.StartServiceCtrlDispatcher(table)) {
            int error = Kernel32.INSTANCE.GetLastError();
            if (error == WinError.ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
                return Outcome.NOT_A_SERVICE;
            }
            throw new IllegalStateException("StartServiceCtrlDispatcher failed: Windows error " + error);
        }
        return Outcome.RAN;
    }

    /** The exit code ServiceMain reported with SERVICE_STOPPED. */
    public ServiceExitCode exitCode() {
        return exit.get();
    }

    private final class ServiceMain implements Winsvc.SERVICE_MAIN_FUNCTION {
        @Override
        public void callback(int argc, Pointer argv) {
            AtomicReference<Winsvc.SERVICE_STATUS_HANDLE> statusHandle = new AtomicReference<>();
            ServiceLifecycle lifecycle = lifecycleFactory.apply(status -> setStatus(statusHandle.get(), status));
            handler = new ControlHandler(lifecycle);
            Winsvc.SERVICE_STATUS_HANDLE registered =
                    Advapi32.INSTANCE.RegisterServiceCtrlHandlerEx(serviceName, handler, null);
            if (registered == null) {
                exit.set(ServiceExitCode.START_FAILED);
                return; // without a status handle nothing can be reported; the dispatcher returns
            }
            statusHandle.set(registered);
            exit.set(lifecycle.run(starter));
        }
    }

    private static final class ControlHandler implements Winsvc.HandlerEx {
        private final ServiceLifecycle lifecycle;

        ControlHandler(ServiceLifecycle lifecycle) {
            this.lifecycle = lifecycle;
        }

        @Override
        public int callback(int control, int eventType, Pointer eventData, Pointer context) {
            return lifecycle.onControl(control);
        }
    }

    static Winsvc.SERVICE_STATUS toNative(ServiceStatus status) {
        Winsvc.SERVICE_STATUS s = new Winsvc.SERVICE_STATUS();
        s.dwServiceType = WinNT.SERVICE_WIN32_OWN_PROCESS;
        s.dwCurrentState = status.state().code();
        s.dwControlsAccepted = status.controlsAccepted();
        s.dwWin32ExitCode = status.win32ExitCode();
        s.dwServiceSpecificExitCode = status.serviceExitCode();
        s.dwCheckPoint = status.checkPoint();
        s.dwWaitHint = status.waitHintMillis();
        return s;
    }

    private static void setStatus(Winsvc.SERVICE_STATUS_HANDLE handle, ServiceStatus status) {
        if (handle != null && !Advapi32.INSTANCE.SetServiceStatus(handle, toNative(status))) {
            throw new IllegalStateException("SetServiceStatus failed: Windows error " + Kernel32.INSTANCE.GetLastError());
        }
    }
}
