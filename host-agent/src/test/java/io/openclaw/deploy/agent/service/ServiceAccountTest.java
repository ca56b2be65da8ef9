package io.openclaw.deploy.agent.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ServiceAccountTest {

    @ParameterizedTest
    @ValueSource(strings = {"LocalSystem", ".\\LocalSystem", "NT AUTHORITY\\SYSTEM", "NT AUTHORITY\\LocalService",
        "nt authority\\local service", "NT AUTHORITY\\NetworkService", "NT SERVICE\\OpenClawAgent", "CORP\\openclaw-gmsa$"})
    void builtInVirtualAndManagedAccountsNeedNoPassword(String account) {
        assertThat(ServiceAccount.needsPassword(Optional.of(account))).isFalse();
        assertThat(ServiceAccount.problem(true, Optional.of(account), "OpenClawAgent", false)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {".\\openclaw", "CORP\\svc-openclaw", "openclaw@corp.example", "OPENCLAW-HOST\\deploy"})
    void userAccountsNeedOne(String account) {
        assertThat(ServiceAccount.needsPassword(Optional.of(account))).isTrue();
        assertThat(ServiceAccount.problem(true, Optional.of(account), "OpenClawAgent", true)).isEmpty();
        assertThat(ServiceAccount.problem(true, Optional.of(account), "OpenClawAgent", false)).contains(
                "the account " + account + " needs a password: give it with --password-file FILE or --password-stdin"
                        + " (never on the command line)");
    }

    @Test
    void noAccountIsLocalSystemWhichTakesNoPassword() {
        assertThat(ServiceAccount.needsPassword(Optional.empty())).isFalse();
        assertThat(ServiceAccount.problem(true, Optional.empty(), "OpenClawAgent", true))
                .hasValueSatisfying(p -> assertThat(p).startsWith("the account LocalSystem has no password"));
        assertThat(ServiceAccount.problem(true, Optional.of("NT AUTHORITY\\LocalService"), "OpenClawAgent", true))
                .hasValueSatisfying(p -> assertThat(p).contains("leave out the password option"));
    }

    @Test
    void aVirtualAccountMustBeTheServicesOwn() {
        assertThat(ServiceAccount.problem(true, Optional.of("NT SERVICE\\Other"), "OpenClawAgent", false)).contains(
                "NT SERVICE\\Other is the virtual account of another service; this service's is NT SERVICE\\OpenClawAgent");
        assertThat(ServiceAccount.problem(true, Optional.of("nt service\\openclawagent"), "OpenClawAgent", false)).isEmpty();
    }

    @Test
    void theLookupNameOfALocalAccountNamesTheComputerNotTheDot() {
        assertThat(ServiceAccount.lookupName(".\\openclaw", "OPENCLAW-HOST")).isEqualTo("OPENCLAW-HOST\\openclaw");
        assertThat(ServiceAccount.lookupName(" .\\openclaw ", "OPENCLAW-HOST")).isEqualTo("OPENCLAW-HOST\\openclaw");
        assertThat(ServiceAccount.lookupName("CORP\\svc-openclaw", "OPENCLAW-HOST")).isEqualTo("CORP\\svc-openclaw");
        assertThat(ServiceAccount.lookupName("openclaw@corp.example", "OPENCLAW-HOST")).isEqualTo("openclaw@corp.example");
        assertThat(ServiceAccount.lookupName("openclaw", "OPENCLAW-HOST")).isEqualTo("openclaw");
    }

    @Test
    void systemdTakesAUserButNeverAPassword() {
        assertThat(ServiceAccount.problem(false, Optional.of("openclaw"), "openclaw-agent", false)).isEmpty();
        assertThat(ServiceAccount.problem(false, Optional.of("openclaw"), "openclaw-agent", true)).contains(
                "a password is only for Windows services; systemd runs the unit as User= without one");
    }
}
