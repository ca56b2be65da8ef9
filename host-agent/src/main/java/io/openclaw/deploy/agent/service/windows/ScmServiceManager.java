package io.openclaw.deploy.agent.service.windows;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Winsvc;
import com.sun.jna.ptr.IntByReference;
import io.openclaw.deploy.agent.service.ServiceAccount;
import io.openclaw.deploy.agent.service.ServiceCommandException;
import io.openclaw.deploy.agent.service.ServiceCommandException.Kind;
import io.openclaw.deploy.agent.service.ServiceDefinition;
import io.openclaw.deploy.agent.service.ServiceManager;
import io.openclaw.deploy.agent.service.ServicePassword;
import io.openclaw.deploy.agent.service.ServiceState;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@link ServiceManager} for Windows: the Service Control Manager through jna-platform's advapi32 binding. */
public final class ScmServiceManager implements ServiceManager {
    private final ScmRegistry registry;
    private final Optional<LogonRights> logonRights;
    private final HomeAccess homeAccess;

    public ScmServiceManager() {
        this(true);
    }

    /** @param grantLogonRight false: leave "Log on as a service" to the administrator (rights managed by policy) */
    public ScmServiceManager(boolean grantLogonRight) {
        this(new AdvapiScmRegistry(), grantLogonRight ? Optional.of(new LsaLogonRights()) : Optional.empty(),
                new AclHomeAccess());
    }

    /**
     * @param registry    the SCM calls of install and reconfigure (a fake in tests)
     * @param logonRights grants "Log on as a service" to a user account at install; empty: not granted
     * @param homeAccess  gives the service's account the home and shuts everybody else out
     */
    public ScmServiceManager(ScmRegistry registry, Optional<LogonRights> logonRights, HomeAccess homeAccess) {
        this.registry = registry;
        this.logonRights = logonRights;
        this.homeAccess = homeAccess;
    }

    /**
     * Registers, configures, protects the home for the account, adds the event source, grants the logon right. If the
     * configuration or the home's ACL fails, the registration is taken back ({@code DeleteService}), so that the
     * retry after the fix is a plain install rather than "already installed" with half a configuration.
     */
    @Override
    public List<String> install(ServiceDefinition definition, Optional<ServicePassword> password)
            throws ServiceCommandException {
        Optional<String> problem = ServiceAccount.problem(true, definition.account(), definition.name(),
                password.isPresent());
        if (problem.isPresent()) {
            throw new ServiceCommandException(Kind.FAILED, problem.get()); // the CLI refuses this earlier
        }
        try {
            registry.create(definition, definition.account().orElse(null),
                    password.map(ServicePassword::chars).orElse(null));
        } catch (ScmRegistry.ScmError e) {
            throw switch (e.code()) {
                case WinError.ERROR_SERVICE_EXISTS -> new ServiceCommandException(Kind.ALREADY_INSTALLED,
                        "the service " + definition.name() + " is already installed");
                case WinError.ERROR_SERVICE_MARKED_FOR_DELETE -> new ServiceCommandException(Kind.FAILED,
                        "the service " + definition.name() + " is still being deleted; close the Services console"
                                + " and any program holding it, then try again");
                case WinError.ERROR_INVALID_SERVICE_ACCOUNT -> new ServiceCommandException(Kind.FAILED,
                        "the account " + definition.account().orElse("LocalSystem") + " does not exist (write a"
                                + " local account as .\\name or COMPUTER\\name, a domain account as DOMAIN\\name)");
                case WinError.ERROR_ACCESS_DENIED -> notElevated();
                default -> new ServiceCommandException(Kind.FAILED, e.getMessage());
            };
        }
        List<String> done = new ArrayList<>();
        try {
            registry.configure(definition);
            done.add(homeAccess.grant(definition.invocation().home(), definition.account()));
        } catch (ScmRegistry.ScmError | IOException | RuntimeException e) {
            throw rollBack(definition.name(), e);
        }
        registry.registerEventSource(definition.name());
        done.addAll(grantLogonRight(definition));
        return done;
    }

    private ServiceCommandException rollBack(String name, Exception cause) {
        String undone;
        try {
            registry.delete(name);
            undone = "the registration was taken back; fix the cause and install again";
        } catch (ScmRegistry.ScmError e) {
            undone = "taking the registration back failed too (" + e.getMessage() + "); remove it with: openclaw-agent"
                    + " service uninstall";
        }
        return new ServiceCommandException(Kind.FAILED, "the service " + name + " could not be set up: "
                + cause.getMessage() + "; " + undone, cause);
    }

    /**
     * Points the installed service at a new command line ({@code ChangeServiceConfig}: account and password stay) and
     * applies the current settings again (preshutdown timeout from {@code agent.yaml}, failure actions).
     */
    @Override
    public List<String> reconfigure(ServiceDefinition definition) throws ServiceCommandException {
        try {
            registry.changeCommandLine(definition.name(), definition.invocation().windowsCommandLine());
            registry.configure(definition);
        } catch (ScmRegistry.ScmError e) {
            throw switch (e.code()) {
                case WinError.ERROR_SERVICE_DOES_NOT_EXIST -> new ServiceCommandException(Kind.NOT_INSTALLED,
                        "the service " + definition.name() + " is not installed");
                case WinError.ERROR_ACCESS_DENIED -> notElevated();
                default -> new ServiceCommandException(Kind.FAILED, e.getMessage(), e);
            };
        }
        return List.of("command line: " + definition.invocation().windowsCommandLine());
    }

    /**
     * After the registration, as services.msc does: only accounts with a password need the right (built-in, virtual and
     * group managed accounts have what they need). A failure keeps the registration, which is then exactly what
     * {@code --no-grant-logon-right} leaves, and says how to finish by hand; nothing is ever revoked.
     */
    private List<String> grantLogonRight(ServiceDefinition definition) throws ServiceCommandException {
        if (!ServiceAccount.needsPassword(definition.account())) {
            return List.of();
        }
        String account = definition.account().orElseThrow();
        if (logonRights.isEmpty()) {
            return List.of("did not grant 'Log on as a service' to " + account + ", as asked: the service starts only"
                    + " once the account has that right");
        }
        try {
            String granted = logonRights.get().grant(account, LogonRights.SERVICE_LOGON);
            return List.of("granted 'Log on as a service' (" + LogonRights.SERVICE_LOGON + ") to " + granted);
        } catch (ScmRegistry.ScmError e) {
            String reason = switch (e.code()) {
                case WinError.ERROR_NONE_MAPPED -> "Windows cannot find the account (" + e.getMessage() + ")";
                case WinError.ERROR_ACCESS_DENIED -> "access to the local security policy was denied (" + e.getMessage()
                        + ")";
                default -> e.getMessage();
            };
            throw new ServiceCommandException(Kind.LOGON_RIGHT_NOT_GRANTED, "the service " + definition.name()
                    + " is installed, but " + account + " could not be granted 'Log on as a service': " + reason, e);
        }
    }

    @Override
    public void uninstall(String name) throws ServiceCommandException {
        withService(name, Winsvc.SERVICE_QUERY_STATUS | Winsvc.SERVICE_STOP | WinNT.DELETE, service -> {
            if (!Advapi32.INSTANCE.DeleteService(service)) {
                throw failure("DeleteService", Kernel32.INSTANCE.GetLastError());
            }
            return null;
        });
        EventLogSource.unregister(name);
    }

    @Override
    public void start(String name) throws ServiceCommandException {
        withService(name, Winsvc.SERVICE_START | Winsvc.SERVICE_QUERY_STATUS, service -> {
            if (!Advapi32.INSTANCE.StartService(service, 0, null)) {
                int error = Kernel32.INSTANCE.GetLastError();
                if (error == WinError.ERROR_SERVICE_LOGON_FAILED) {
                    throw new ServiceCommandException(Kind.FAILED, "the service account could not log on: its"
                            + " password is wrong or it lacks the 'Log on as a service' right (secpol.msc, Local"
                            + " Policies, User Rights Assignment)");
                }
                if (error != WinError.ERROR_SERVICE_ALREADY_RUNNING) {
                    throw failure("StartService", error);
                }
            }
            return null;
        });
    }

    @Override
    public void stop(String name, Duration timeout) throws ServiceCommandException {
        withService(name, Winsvc.SERVICE_STOP | Winsvc.SERVICE_QUERY_STATUS, service -> {
            new ServiceStopper(new ServiceStopper.Control() {
                @Override
                public void sendStop() throws ScmRegistry.ScmError {
                    Winsvc.SERVICE_STATUS status = new Winsvc.SERVICE_STATUS();
                    if (!Advapi32.INSTANCE.ControlService(service, Winsvc.SERVICE_CONTROL_STOP, status)) {
                        throw new ScmRegistry.ScmError("ControlService(STOP)", Kernel32.INSTANCE.GetLastError());
                    }
                }

                @Override
                public int state() throws ScmRegistry.ScmError {
                    Winsvc.SERVICE_STATUS_PROCESS status = new Winsvc.SERVICE_STATUS_PROCESS();
                    if (!Advapi32.INSTANCE.QueryServiceStatusEx(service, Winsvc.SC_STATUS_TYPE.SC_STATUS_PROCESS_INFO,
                            status, status.size(), new IntByReference())) {
                        throw new ScmRegistry.ScmError("QueryServiceStatusEx", Kernel32.INSTANCE.GetLastError());
                    }
                    return status.dwCurrentState;
                }
            }, d -> Thread.sleep(d.toMillis())).stop(name, timeout);
            return null;
        });
    }

    @Override
    public String status(String name) throws ServiceCommandException {
        return withService(name, Winsvc.SERVICE_QUERY_STATUS, service -> {
            Winsvc.SERVICE_STATUS_PROCESS status = query(service);
            String state = Arrays.stream(ServiceState.values()).filter(s -> s.code() == status.dwCurrentState)
                    .map(Enum::name).findFirst().orElse("STATE_" + status.dwCurrentState);
            return state + (status.dwProcessId != 0 ? " (pid " + status.dwProcessId + ")" : "")
                    + (status.dwWin32ExitCode != 0 ? " last exit: win32 " + status.dwWin32ExitCode + ", service "
                            + status.dwServiceSpecificExitCode : "");
        });
    }

    private static Winsvc.SERVICE_STATUS_PROCESS query(Winsvc.SC_HANDLE service) throws ServiceCommandException {
        Winsvc.SERVICE_STATUS_PROCESS status = new Winsvc.SERVICE_STATUS_PROCESS();
        IntByReference needed = new IntByReference();
        if (!Advapi32.INSTANCE.QueryServiceStatusEx(service, Winsvc.SC_STATUS_TYPE.SC_STATUS_PROCESS_INFO, status,
                status.size(), needed)) {
            throw failure("QueryServiceStatusEx", Kernel32.INSTANCE.GetLastError());
        }
        return status;
    }

    private interface ServiceCall<T> {
        T apply(Winsvc.SC_HANDLE service) throws ServiceCommandException;
    }

    private static <T> T withService(String name, int access, ServiceCall<T> call) throws ServiceCommandException {
        Winsvc.SC_HANDLE scm = openManager(Winsvc.SC_MANAGER_CONNECT);
        try {
            Winsvc.SC_HANDLE service = Advapi32.INSTANCE.OpenService(scm, name, access);
            if (service == null) {
                int error = Kernel32.INSTANCE.GetLastError();
                throw switch (error) {
                    case WinError.ERROR_SERVICE_DOES_NOT_EXIST -> new ServiceCommandException(Kind.NOT_INSTALLED,
                            "the service " + name + " is not installed");
                    case WinError.ERROR_ACCESS_DENIED -> notElevated();
                    default -> failure("OpenService", error);
                };
            }
            try {
                return call.apply(service);
            } finally {
                Advapi32.INSTANCE.CloseServiceHandle(service);
            }
        } finally {
            Advapi32.INSTANCE.CloseServiceHandle(scm);
        }
    }

    private static Winsvc.SC_HANDLE openManager(int access) throws ServiceCommandException {
        Winsvc.SC_HANDLE scm = Advapi32.INSTANCE.OpenSCManager(null, null, access);
        if (scm == null) {
            int error = Kernel32.INSTANCE.GetLastError();
            throw error == WinError.ERROR_ACCESS_DENIED ? notElevated() : failure("OpenSCManager", error);
        }
        return scm;
    }

    private static ServiceCommandException notElevated() {
        return new ServiceCommandException(Kind.NOT_ELEVATED, "access denied by the Service Control Manager");
    }

    private static ServiceCommandException failure(String call, int error) {
        return new ServiceCommandException(Kind.FAILED, call + " failed: Windows error " + error);
    }
}
