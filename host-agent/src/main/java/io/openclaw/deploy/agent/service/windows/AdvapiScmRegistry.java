package io.openclaw.deploy.agent.service.windows;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.W32Service;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Winsvc;
import io.openclaw.deploy.agent.service.ServiceDefinition;

/**
 * {@link ScmRegistry} through advapi32 (jna-platform, plus {@link ScmCreateServiceApi} for the password and
 * {@link ScmChangeConfigApi} for the command line).
 */
final class AdvapiScmRegistry implements ScmRegistry {

    @Override
    public void create(ServiceDefinition definition, String account, char[] password) throws ScmError {
        Winsvc.SC_HANDLE scm = openManager(Winsvc.SC_MANAGER_CONNECT | Winsvc.SC_MANAGER_CREATE_SERVICE);
        try {
            Memory secret = password == null ? null : ScmCreateServiceApi.wideString(password);
            try {
                Winsvc.SC_HANDLE service = ScmCreateServiceApi.load().CreateService(scm, definition.name(),
                        definition.displayName(), Winsvc.SERVICE_ALL_ACCESS, WinNT.SERVICE_WIN32_OWN_PROCESS,
                        WinNT.SERVICE_AUTO_START, WinNT.SERVICE_ERROR_NORMAL,
                        definition.invocation().windowsCommandLine(), null, null, null, account, secret);
                if (service == null) {
                    throw new ScmError("CreateService", Kernel32.INSTANCE.GetLastError());
                }
                Advapi32.INSTANCE.CloseServiceHandle(service);
            } finally {
                if (secret != null) {
                    secret.clear();
                    secret.close();
                }
            }
        } finally {
            Advapi32.INSTANCE.CloseServiceHandle(scm);
        }
    }

    @Override
    public void configure(ServiceDefinition definition) throws ScmError {
        // SERVICE_START too: ChangeServiceConfig2 needs it for failure actions that restart the service.
        withService(definition.name(), Winsvc.SERVICE_CHANGE_CONFIG | Winsvc.SERVICE_START
                | Winsvc.SERVICE_QUERY_CONFIG, service -> {
                    Winsvc.SERVICE_DESCRIPTION description = new Winsvc.SERVICE_DESCRIPTION();
                    description.lpDescription = definition.description();
                    change(service, Winsvc.SERVICE_CONFIG_DESCRIPTION, description);
                    change(service, Winsvc.SERVICE_CONFIG_DELAYED_AUTO_START_INFO,
                            new WinsvcConfigInfo.SERVICE_DELAYED_AUTO_START_INFO(true));
                    change(service, Winsvc.SERVICE_CONFIG_PRESHUTDOWN_INFO, new WinsvcConfigInfo.SERVICE_PRESHUTDOWN_INFO(
                            (int) Math.min(Integer.MAX_VALUE, definition.stopTimeout().toMillis())));
                    // W32Service only wraps the handle here; withService closes it.
                    W32Service configured = new W32Service(service);
                    try {
                        FailureActions failure = new FailureActions(definition.restartDelays(), definition.failureReset());
                        configured.setFailureActions(failure.actions(), failure.resetPeriodSeconds(), null, null);
                        // Also restart when the agent reports STOPPED with an error (failed start), not only on a crash.
                        configured.setFailureActionsFlag(true);
                    } catch (LastErrorException e) {
                        throw new ScmError("ChangeServiceConfig2(failure actions)", e.getErrorCode());
                    }
                });
    }

    @Override
    public void changeCommandLine(String name, String commandLine) throws ScmError {
        withService(name, Winsvc.SERVICE_CHANGE_CONFIG, service -> {
            int same = ScmChangeConfigApi.SERVICE_NO_CHANGE;
            if (!ScmChangeConfigApi.load().ChangeServiceConfig(service, same, same, same, commandLine, null, null, null,
                    null, null, null)) {
                throw new ScmError("ChangeServiceConfig", Kernel32.INSTANCE.GetLastError());
            }
        });
    }

    @Override
    public void delete(String name) throws ScmError {
        withService(name, WinNT.DELETE, service -> {
            if (!Advapi32.INSTANCE.DeleteService(service)) {
                throw new ScmError("DeleteService", Kernel32.INSTANCE.GetLastError());
            }
        });
    }

    private interface ServiceCall {
        void apply(Winsvc.SC_HANDLE service) throws ScmError;
    }

    private static void withService(String name, int access, ServiceCall call) throws ScmError {
        Winsvc.SC_HANDLE scm = openManager(Winsvc.SC_MANAGER_CONNECT);
        try {
            Winsvc.SC_HANDLE service = Advapi32.INSTANCE.OpenService(scm, name, access);
            if (service == null) {
                throw new ScmError("OpenService", Kernel32.INSTANCE.GetLastError());
            }
            try {
                call.apply(service);
            } finally {
                Advapi32.INSTANCE.CloseServiceHandle(service);
            }
        } finally {
            Advapi32.INSTANCE.CloseServiceHandle(scm);
        }
    }

    private static Winsvc.SC_HANDLE openManager(int access) throws ScmError {
        Winsvc.SC_HANDLE scm = Advapi32.INSTANCE.OpenSCManager(null, null, access);
        if (scm == null) {
            throw new ScmError("OpenSCManager", Kernel32.INSTANCE.GetLastError());
        }
        return scm;
    }

    private static void change(Winsvc.SC_HANDLE service, int level, Winsvc.ChangeServiceConfig2Info info)
            throws ScmError {
        if (!Advapi32.INSTANCE.ChangeServiceConfig2(service, level, info)) {
            throw new ScmError("ChangeServiceConfig2 level " + level, Kernel32.INSTANCE.GetLastError());
        }
    }

    @Override
    public void registerEventSource(String name) {
        EventLogSource.register(name);
    }
}
