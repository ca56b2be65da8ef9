package io.openclaw.deploy.agent.service.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.agent.service.ServiceCommandException;
import io.openclaw.deploy.agent.service.ServiceDefinition;
import io.openclaw.deploy.agent.service.ServiceInvocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class SystemdUnitTest {
    private static ServiceDefinition definition(Path home, Optional<String> user) {
        ServiceInvocation invocation = ServiceInvocation.systemd(Path.of("/usr/lib/jvm/java 17/bin/java"),
                Path.of("/opt/openclaw/openclaw-agent.jar"), home, List.of("-Xmx256m"));
        ServiceDefinition agent = ServiceDefinition.agent(invocation, user, Duration.ofSeconds(100));
        return new ServiceDefinition("openclaw-agent", agent.displayName(), agent.description(), invocation,
                agent.account(), agent.restartDelays(), agent.failureReset(), agent.stopTimeout());
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS,
            disabledReason = "Path.of of a POSIX path prints backslashes on Windows; the unit is only for Linux")
    void unitLeavesTheLoopsToTheAgentAndRestartsItOnFailure() {
        String text = new SystemdUnit(definition(Path.of("/srv/open claw"), Optional.of("openclaw"))).text();

        assertThat(text.lines()).contains(
                "[Service]",
                "Type=exec",
                "User=openclaw",
                "Restart=on-failure",
                "RestartSec=10",
                "Nice=-10",
                "KillMode=process",
                "TimeoutStopSec=100",
                "SuccessExitStatus=143",
                "WantedBy=multi-user.target");
        assertThat(text.lines()).contains("ExecStart=\"/usr/lib/jvm/java 17/bin/java\" \"-XX:SharedArchiveFile=/srv/open claw/cache/openclaw-agent.jsa\""
                + " -Xmx256m -jar /opt/openclaw/openclaw-agent.jar serve --home \"/srv/open claw\"");
    }

    @Test
    void withoutAnAccountThereIsNoUserLine() {
        assertThat(new SystemdUnit(definition(Path.of("/srv/openclaw"), Optional.empty())).text())
                .doesNotContain("User=");
    }

    @Test
    void specifiersAndVariablesInPathsStayLiteral() {
        assertThat(SystemdUnit.execStart(List.of("/a%b/$HOME", "x\"y z")))
                .isEqualTo("/a%%b/$$HOME \"x\\\"y z\"");
    }

    @Test
    void installRefusesAnExistingUnitAndChangesNothing(@TempDir Path units) throws Exception {
        Path existing = Files.writeString(units.resolve("openclaw-agent.service"), "[Unit]\n");
        SystemdServiceManager manager = new SystemdServiceManager(units);

        assertThatThrownBy(() -> manager.install(definition(Path.of("/srv/openclaw"), Optional.empty())))
                .isInstanceOfSatisfying(ServiceCommandException.class,
                        e -> assertThat(e.kind()).isEqualTo(ServiceCommandException.Kind.ALREADY_INSTALLED));
        assertThat(Files.readString(existing)).isEqualTo("[Unit]\n");
    }

    @Test
    void commandsOnAMissingUnitSayItIsNotInstalled(@TempDir Path units) {
        SystemdServiceManager manager = new SystemdServiceManager(units);
        for (ThrowingCommand command : List.<ThrowingCommand>of(() -> manager.uninstall("openclaw-agent"),
                () -> manager.start("openclaw-agent"), () -> manager.stop("openclaw-agent", Duration.ofSeconds(1)),
                () -> manager.status("openclaw-agent"))) {
            assertThatThrownBy(command::run).isInstanceOfSatisfying(ServiceCommandException.class,
                    e -> assertThat(e.kind()).isEqualTo(ServiceCommandException.Kind.NOT_INSTALLED));
        }
    }

    private interface ThrowingCommand {
        void run() throws Exception;
    }
}
