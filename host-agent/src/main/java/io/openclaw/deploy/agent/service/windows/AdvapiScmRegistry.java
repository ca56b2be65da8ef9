package io.openclaw.deploy.agent.service.windows;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.W32Service;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Winsvc;
import io.openclaw.deploy.agent.service.ServiceDefinition;

/** {@link ScmRegistry} through advapi32 (jna-platform, plus {@link ScmCreateServiceApi} for the password). */
final class AdvapiScmRegistry implements ScmRegistry {

    @Override
    public void create(ServiceDefinition definition, String account, char[] password) throws ScmError {
        Winsvc.SC_HANDLE scm = Advapi32.INSTANCE.OpenSCManager(null, null,
                Winsvc.SC_MANAGER_CONNECT | Winsvc.SC_MANAGER_CREATE_SERVICE);
        if (scm == null) {
            throw new ScmError("OpenSCManager", Kernel32.INSTANCE.GetLastError());
        }
        try {
            Winsvc.SC_HANDLE service = createService(scm, definition, account, password);
            try (W32Service configured = new W32Service(service)) {
                configure(service, definition);
                FailureActions failure = new FailureActions(definition.restartDelays(), definition.failureReset());
                configured.setFailureActions(failure.actions(), failure.resetPeriodSeconds(), null, null);
                // Also restart when the agent reports STOPPED with an error (failed start), not only on a crash.
                configured.setFailureActionsFlag(true);
            } catch (LastErrorException e) {
                throw new ScmError("ChangeServiceConfig2", e.getErrorCode());
            }
        } finally {
            Advapi32.INSTANCE.CloseServiceHandle(scm);
        }
    }

    private static Winsvc.SC_HANDLE createService(Winsvc.SC_HANDLE scm, ServiceDefinition definition, String account,
            char[] password) throws ScmError {
        Memory secret = password == null ? null : ScmCreateServiceApi.wideString(password);
        try {
            Winsvc.SC_HANDLE service = ScmCreateServiceApi.load().CreateService(scm, definition.name(),
                    definition.displayName(), Winsvc.SERVICE_ALL_ACCESS, WinNT.SERVICE_WIN32_OWN_PROCESS,
                    WinNT.SERVICE_AUTO_START, WinNT.SERVICE_ERROR_NORMAL, definition.invocation().windowsCommandLine(),
                    null, null, null, account, secret);
            if (service == null) {
                throw new ScmError("CreateService", Kernel32.INSTANCE.GetLastError());
            }
            return service;
        } finally {
            if (secret != null) {
                secret.clear();
                secret.close();
            }
        }
    }

    private static void configure(Winsvc.SC_HANDLE service, ServiceDefinition definition) throws ScmError {
        Winsvc.SERVICE_DESCRIPTION description = new Winsvc.SERVICE_DESCRIPTION();
        description.lpDescription = definition.description();
        change(service, Winsvc.SERVICE_CONFIG_DESCRIPTION, description);
        change(service, Winsvc.SERVICE_CONFIG_DELAYED_AUTO_START_INFO,
                new WinsvcConfigInfo.SERVICE_DELAYED_AUTO_START_INFO(true));
        change(service, Winsvc.SERVICE_CONFIG_PRESHUTDOWN_INFO, new WinsvcConfigInfo.SERVICE_PRESHUTDOWN_INFO(
                (int) Math.min(Integer.MAX_VALUE, definition.stopTimeout().toMillis())));
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
