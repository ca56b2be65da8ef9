package io.openclaw.deploy.agent.service.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.WinError;
import io.openclaw.deploy.agent.service.ServiceCommandException;
import io.openclaw.deploy.agent.service.ServiceDefinition;
import io.openclaw.deploy.agent.service.ServiceInvocation;
import io.openclaw.deploy.agent.service.ServicePassword;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code service install} on Windows against a fake SCM: account, password, and how each SCM error is reported. */
class ScmInstallTest {
    private final FakeRegistry scm = new FakeRegistry();
    private final FakeLogonRights rights = new FakeLogonRights();
    private final FakeHomeAccess home = new FakeHomeAccess();
    private final ScmServiceManager manager = new ScmServiceManager(scm, Optional.of(rights), home);

    private static ServiceDefinition definition(String account) {
        ServiceInvocation invocation = ServiceInvocation.windowsService(Path.of("C:\\Java\\bin\\java.exe"),
                Path.of("C:\\OpenClaw\\Agent\\openclaw-agent.jar"), Path.of("C:\\OpenClaw"), List.of());
        return ServiceDefinition.agent(invocation, Optional.ofNullable(account), Duration.ofSeconds(100));
    }

    @Test
    void aUserAccountIsRegisteredWithItsPasswordWhichIsClearedAfterwards() throws Exception {
        char[] chars = "Pa55 word!".toCharArray();
        try (ServicePassword password = ServicePassword.of(chars)) {
            manager.install(definition(".\\openclaw"), Optional.of(password));
        }

        assertThat(scm.created).hasSize(1);
        Created created = scm.created.get(0);
        assertThat(created.name()).isEqualTo("OpenClawAgent");
        assertThat(created.account()).isEqualTo(".\\openclaw");
        assertThat(created.passwordDuringCall()).isEqualTo("Pa55 word!");
        assertThat(created.commandLine()).contains("service run --home");
        // The array the SCM call read is the caller's, and the caller cleared it.
        assertThat(created.passwordArray()).isSameAs(chars).containsOnly('\0');
        assertThat(scm.eventSources).containsExactly("OpenClawAgent");
    }

    @Test
    void builtInAndVirtualAccountsGetNoPasswordAndLocalSystemIsNull() throws Exception {
        manager.install(definition("NT SERVICE\\OpenClawAgent"), Optional.empty());
        manager.install(definition(null), Optional.empty());

        assertThat(scm.created).extracting(Created::account).containsExactly("NT SERVICE\\OpenClawAgent", null);
        assertThat(scm.created).extracting(Created::passwordArray).containsOnlyNulls();
    }

    @Test
    void anAccountThatNeedsAPasswordWithoutOneRegistersNothing() {
        ServiceCommandException e = catchThrowableOfType(ServiceCommandException.class,
                () -> manager.install(definition("CORP\\svc-openclaw"), Optional.empty()));

        assertThat(e.kind().exitCode()).isEqualTo(7);
        assertThat(e.getMessage()).contains("CORP\\svc-openclaw needs a password");
        assertThat(scm.created).isEmpty();
        assertThat(scm.eventSources).isEmpty();
    }

    @Test
    void scmErrorsBecomeTheirExitCodesAndNoEventSourceIsRegistered() {
        assertThat(failure(WinError.ERROR_SERVICE_EXISTS).kind().exitCode()).isEqualTo(4);
        assertThat(failure(WinError.ERROR_ACCESS_DENIED).kind().exitCode()).isEqualTo(3);
        ServiceCommandException unknownAccount = failure(WinError.ERROR_INVALID_SERVICE_ACCOUNT);
        assertThat(unknownAccount.kind().exitCode()).isEqualTo(7);
        assertThat(unknownAccount.getMessage()).startsWith("the account .\\nobody does not exist");
        assertThat(failure(1234).getMessage()).isEqualTo("CreateService failed: Windows error 1234");
        assertThat(scm.eventSources).isEmpty();
    }

    private ServiceCommandException failure(int code) {
        scm.failWith = code;
        try (ServicePassword password = ServicePassword.of("x".toCharArray())) {
            return catchThrowableOfType(ServiceCommandException.class,
                    () -> manager.install(definition(".\\nobody"), Optional.of(password)));
        }
    }

    @Test
    void aUserAccountIsGrantedLogOnAsAServiceAfterItIsRegisteredAndTheCommandSaysSo() throws Exception {
        List<String> done;
        try (ServicePassword password = ServicePassword.of("pw".toCharArray())) {
            done = manager.install(definition("CORP\\svc-openclaw"), Optional.of(password));
        }

        assertThat(rights.granted).containsExactly("CORP\\svc-openclaw SeServiceLogonRight");
        assertThat(scm.calls).containsExactly("create OpenClawAgent", "configure OpenClawAgent",
                "home C:\\OpenClaw for CORP\\svc-openclaw", "event source OpenClawAgent", "grant CORP\\svc-openclaw");
        assertThat(done).containsExactly("protected C:\\OpenClaw",
                "granted 'Log on as a service' (SeServiceLogonRight) to RESOLVED\\svc-openclaw");
    }

    @Test
    void accountsWithoutAPasswordAreGrantedNothing() throws Exception {
        for (String account : new String[] {null, "NT SERVICE\\OpenClawAgent", "NT AUTHORITY\\LocalService",
            "NT AUTHORITY\\NetworkService", "CORP\\openclaw-gmsa$"}) {
            assertThat(manager.install(definition(account), Optional.empty())).containsExactly("protected C:\\OpenClaw");
        }

        assertThat(scm.created).hasSize(5);
        assertThat(rights.granted).isEmpty();
    }

    @Test
    void withTheOptOutAUserAccountIsRegisteredButNotGrantedAndTheCommandSaysSo() throws Exception {
        ScmServiceManager optedOut = new ScmServiceManager(scm, Optional.empty(), home);

        List<String> done;
        try (ServicePassword password = ServicePassword.of("pw".toCharArray())) {
            done = optedOut.install(definition(".\\openclaw"), Optional.of(password));
        }

        assertThat(scm.created).extracting(Created::account).containsExactly(".\\openclaw");
        assertThat(rights.granted).isEmpty();
        assertThat(done).containsExactly("protected C:\\OpenClaw", "did not grant 'Log on as a service' to .\\openclaw, as asked: the service"
                + " starts only once the account has that right");
    }

    @Test
    void aFailedGrantKeepsTheRegistrationAndExitsWithItsOwnCodeNamingTheCauseAndTheFix() {
        rights.failWith = new ScmRegistry.ScmError("LsaAddAccountRights", WinError.ERROR_ACCESS_DENIED);

        ServiceCommandException e = installUser(".\\openclaw");

        assertThat(e.kind().exitCode()).isEqualTo(8);
        assertThat(e.getMessage()).isEqualTo("the service OpenClawAgent is installed, but .\\openclaw could not be"
                + " granted 'Log on as a service': access to the local security policy was denied"
                + " (LsaAddAccountRights failed: Windows error 5)");
        assertThat(e.kind().hint()).contains("secpol.msc", "Log on as a service", "openclaw-agent service start");
        // Registered completely (event source too): the state --no-grant-logon-right leaves, finished by hand.
        assertThat(scm.calls).containsExactly("create OpenClawAgent", "configure OpenClawAgent",
                "home C:\\OpenClaw for .\\openclaw", "event source OpenClawAgent", "grant .\\openclaw");
    }

    @Test
    void anAccountTheLookupCannotFindIsNamedAsSuch() {
        rights.failWith = new ScmRegistry.ScmError("LookupAccountName(HOST\\ghost)", WinError.ERROR_NONE_MAPPED);

        ServiceCommandException e = installUser(".\\ghost");

        assertThat(e.kind().exitCode()).isEqualTo(8);
        assertThat(e.getMessage()).endsWith("could not be granted 'Log on as a service': Windows cannot find the"
                + " account (LookupAccountName(HOST\\ghost) failed: Windows error 1332)");
    }

    @Test
    void whenTheRegistrationFailsNoRightIsGranted() {
        scm.failWith = WinError.ERROR_SERVICE_EXISTS;

        assertThat(installUser(".\\openclaw").kind().exitCode()).isEqualTo(4);
        assertThat(rights.granted).isEmpty();
    }

    private ServiceCommandException installUser(String account) {
        try (ServicePassword password = ServicePassword.of("pw".toCharArray())) {
            return catchThrowableOfType(ServiceCommandException.class,
                    () -> manager.install(definition(account), Optional.of(password)));
        }
    }

    @Test
    void theHomeIsGivenToTheServiceAccountRightAfterTheRegistration() throws Exception {
        manager.install(definition("NT SERVICE\\OpenClawAgent"), Optional.empty());
        manager.install(definition(null), Optional.empty());

        assertThat(home.granted).containsExactly("C:\\OpenClaw for NT SERVICE\\OpenClawAgent",
                "C:\\OpenClaw for LocalSystem");
    }

    @Test
    void aFailedConfigurationTakesTheRegistrationBackSoThatARetryIsAPlainInstall() {
        scm.failConfigure = WinError.ERROR_INVALID_PARAMETER;

        ServiceCommandException e = catchThrowableOfType(ServiceCommandException.class,
                () -> manager.install(definition("NT SERVICE\\OpenClawAgent"), Optional.empty()));

        assertThat(e.kind().exitCode()).isEqualTo(7);
        assertThat(e.getMessage()).isEqualTo("the service OpenClawAgent could not be set up: ChangeServiceConfig2"
                + " failed: Windows error 87; the registration was taken back; fix the cause and install again");
        assertThat(scm.calls).containsExactly("create OpenClawAgent", "delete OpenClawAgent");
        assertThat(home.granted).isEmpty();
        assertThat(scm.eventSources).isEmpty();
    }

    @Test
    void aHomeWhoseAclCannotBeSetTakesTheRegistrationBackToo() {
        home.failWith = new java.io.IOException("cannot set the access control list of C:\\OpenClaw: Windows error 5");

        ServiceCommandException e = catchThrowableOfType(ServiceCommandException.class,
                () -> manager.install(definition("NT SERVICE\\OpenClawAgent"), Optional.empty()));

        assertThat(e.kind().exitCode()).isEqualTo(7);
        assertThat(e.getMessage()).contains("cannot set the access control list of C:\\OpenClaw",
                "the registration was taken back");
        assertThat(scm.calls).containsExactly("create OpenClawAgent", "configure OpenClawAgent", "delete OpenClawAgent");
    }

    @Test
    void reconfigureChangesTheWholeCommandLineAsOneStringThenTheSettings() throws Exception {
        ServiceInvocation invocation = ServiceInvocation.windowsService(Path.of("C:\\Program Files\\Java\\bin\\java.exe"),
                Path.of("C:\\OpenClaw\\Agent\\openclaw-agent-1.4.0.jar"), Path.of("C:\\Open Claw"), List.of());
        ServiceDefinition upgraded = ServiceDefinition.agent(invocation, Optional.empty(), Duration.ofSeconds(100));

        List<String> done = manager.reconfigure(upgraded);

        // One string, as CreateService got it at install: quoted where a path has a space.
        String expected = invocation.windowsCommandLine();
        assertThat(expected).startsWith("\"C:\\Program Files\\Java\\bin\\java.exe\" -Xrs ")
                .endsWith(" -jar C:\\OpenClaw\\Agent\\openclaw-agent-1.4.0.jar service run --home \"C:\\Open Claw\"");
        assertThat(scm.commandLines).containsExactly(expected);
        assertThat(scm.calls).containsExactly("command line OpenClawAgent", "configure OpenClawAgent");
        assertThat(done).containsExactly("command line: " + expected);
        assertThat(scm.created).isEmpty();
    }

    @Test
    void reconfigureOfAServiceThatIsNotInstalledOrWithoutElevationSaysSo() {
        scm.failChange = WinError.ERROR_SERVICE_DOES_NOT_EXIST;
        assertThat(catchThrowableOfType(ServiceCommandException.class,
                () -> manager.reconfigure(definition(null))).kind().exitCode()).isEqualTo(5);
        scm.failChange = WinError.ERROR_ACCESS_DENIED;
        assertThat(catchThrowableOfType(ServiceCommandException.class,
                () -> manager.reconfigure(definition(null))).kind().exitCode()).isEqualTo(3);
    }

    @Test
    void ourChangeServiceConfigBindingHasWinsvcHsParameters() throws Exception {
        Method ours = Arrays.stream(ScmChangeConfigApi.class.getMethods())
                .filter(m -> m.getName().equals("ChangeServiceConfig")).findFirst().orElseThrow();

        // BOOL ChangeServiceConfigW(SC_HANDLE, DWORD, DWORD, DWORD, LPCWSTR, LPCWSTR, LPDWORD, LPCWSTR, LPCWSTR,
        //                           LPCWSTR lpPassword, LPCWSTR)
        assertThat(ours.getParameterTypes()).containsExactly(com.sun.jna.platform.win32.Winsvc.SC_HANDLE.class,
                int.class, int.class, int.class, String.class, String.class, com.sun.jna.ptr.IntByReference.class,
                String.class, String.class, Pointer.class, String.class);
        assertThat(ours.getReturnType()).isEqualTo(boolean.class);
        assertThat(ScmChangeConfigApi.SERVICE_NO_CHANGE).isEqualTo(0xFFFFFFFF);
    }

    @Test
    void ourCreateServiceBindingIsJnaPlatformsWithThePasswordAsAPointer() throws Exception {
        Method theirs = Arrays.stream(Advapi32.class.getMethods()).filter(m -> m.getName().equals("CreateService"))
                .findFirst().orElseThrow();
        Method ours = Arrays.stream(ScmCreateServiceApi.class.getMethods())
                .filter(m -> m.getName().equals("CreateService")).findFirst().orElseThrow();

        Class<?>[] expected = theirs.getParameterTypes().clone();
        assertThat(expected).hasSize(13);
        assertThat(expected[12]).isEqualTo(String.class);
        expected[12] = Pointer.class;
        assertThat(ours.getParameterTypes()).containsExactly(expected);
        assertThat(ours.getReturnType()).isEqualTo(theirs.getReturnType());
    }

    @Test
    void thePasswordIsANulTerminatedWideStringInNativeMemoryThatCanBeCleared() {
        try (com.sun.jna.Memory memory = ScmCreateServiceApi.wideString("pä".toCharArray())) {
            assertThat(memory.size()).isEqualTo(3L * Native.WCHAR_SIZE);
            assertThat(memory.getWideString(0)).isEqualTo("pä");
            memory.clear();
            assertThat(memory.getByteArray(0, (int) memory.size())).containsOnly((byte) 0);
        }
    }

    private record Created(String name, String account, String commandLine, char[] passwordArray,
            String passwordDuringCall) {}

    /** Records what CreateService would have received; fails with a Win32 error when told to. */
    private static final class FakeRegistry implements ScmRegistry {
        final List<Created> created = new ArrayList<>();
        final List<String> eventSources = new ArrayList<>();
        /** Every SCM and LSA call in order, this fake's and {@link FakeLogonRights}'s. */
        final List<String> calls = new ArrayList<>();
        final List<String> commandLines = new ArrayList<>();
        int failWith;
        int failConfigure;
        int failChange;

        @Override
        public void create(ServiceDefinition definition, String account, char[] password) throws ScmError {
            if (failWith != 0) {
                throw new ScmError("CreateService", failWith);
            }
            calls.add("create " + definition.name());
            created.add(new Created(definition.name(), account, definition.invocation().windowsCommandLine(), password,
                    password == null ? null : new String(password)));
        }

        @Override
        public void configure(ServiceDefinition definition) throws ScmError {
            if (failConfigure != 0) {
                throw new ScmError("ChangeServiceConfig2", failConfigure);
            }
            calls.add("configure " + definition.name());
        }

        @Override
        public void changeCommandLine(String name, String commandLine) throws ScmError {
            if (failChange != 0) {
                throw new ScmError("OpenService", failChange);
            }
            calls.add("command line " + name);
            commandLines.add(commandLine);
        }

        @Override
        public void delete(String name) {
            calls.add("delete " + name);
        }

        @Override
        public void registerEventSource(String name) {
            calls.add("event source " + name);
            eventSources.add(name);
        }
    }

    /** Records each grant; resolves {@code X\\name} to {@code RESOLVED\\name}; fails when told to. */
    private final class FakeLogonRights implements LogonRights {
        final List<String> granted = new ArrayList<>();
        ScmRegistry.ScmError failWith;

        @Override
        public String grant(String account, String right) throws ScmRegistry.ScmError {
            scm.calls.add("grant " + account);
            if (failWith != null) {
                throw failWith;
            }
            granted.add(account + " " + right);
            return "RESOLVED" + account.substring(account.indexOf('\\'));
        }
    }

    /** Records to whom the home was given; fails when told to. */
    private final class FakeHomeAccess implements HomeAccess {
        final List<String> granted = new ArrayList<>();
        java.io.IOException failWith;

        @Override
        public String grant(Path homeDir, Optional<String> account) throws java.io.IOException {
            if (failWith != null) {
                throw failWith;
            }
            String call = homeDir + " for " + account.orElse("LocalSystem");
            scm.calls.add("home " + call);
            granted.add(call);
            return "protected " + homeDir;
        }
    }
}
