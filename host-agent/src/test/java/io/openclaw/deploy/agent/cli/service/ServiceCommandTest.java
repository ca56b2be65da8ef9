package io.openclaw.deploy.agent.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.cli.Main;
import io.openclaw.deploy.agent.config.AgentConfigLoader;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.service.AgentJvmOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code service} command group on Linux: arguments, the printed unit, and the exit status of each error. */
class ServiceCommandTest {
    @TempDir
    Path tmp;

    private Path home;
    private Path units;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void homeWithConfig() throws Exception {
        home = tmp.resolve("open claw home");
        AgentConfigLoader.writeDefault(new AgentHome(home).configFile(), "127.0.0.1", 8080, 7443);
        units = Files.createDirectory(tmp.resolve("units"));
    }

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS,
            disabledReason = "prints the systemd unit; on Windows --print describes the SCM service")
    void installPrintShowsTheUnitWithTheHomeQuotedAndChangesNothing() {
        int status = run("service", "install", "--home", home.toString(), "--jar", "/opt/open claw/openclaw-agent.jar",
                "--java", "/usr/bin/java", "--account", "openclaw", "--print", "--unit-dir", units.toString());

        assertThat(status).isZero();
        assertThat(out.toString().lines()).contains(
                "ExecStart=/usr/bin/java \"-XX:SharedArchiveFile=" + home + "/cache/openclaw-agent.jsa\" "
                        + String.join(" ", AgentJvmOptions.SERVER)
                        + " -jar \"/opt/open claw/openclaw-agent.jar\" serve --home \"" + home + "\"",
                "User=openclaw", "KillMode=process", "Restart=on-failure",
                // default agent.yaml: drain 30 s + loop stop 10 s + 60 s for the rest
                "TimeoutStopSec=100");
        assertThat(units).isEmptyDirectory();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS,
            disabledReason = "--unit-dir is systemd's; on Windows this would register a real service with the SCM")
    void installOverAnExistingUnitExitsWithAlreadyInstalled() throws Exception {
        Files.writeString(units.resolve("openclaw-agent.service"), "[Unit]\n");

        int status = run("service", "install", "--home", home.toString(), "--jar", "/opt/openclaw/agent.jar",
                "--unit-dir", units.toString());

        assertThat(status).isEqualTo(4);
        assertThat(err.toString()).contains("already exists").contains("uninstall it first");
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS,
            disabledReason = "--unit-dir is systemd's; on Windows these commands go to the real SCM")
    void controlCommandsWithoutAUnitExitWithNotInstalled() {
        assertThat(run("service", "uninstall", "--unit-dir", units.toString())).isEqualTo(5);
        assertThat(run("service", "start", "--unit-dir", units.toString())).isEqualTo(5);
        assertThat(run("service", "stop", "--unit-dir", units.toString())).isEqualTo(5);
        assertThat(run("service", "status", "--unit-dir", units.toString())).isEqualTo(5);
        assertThat(err.toString()).contains("install it first: openclaw-agent service install --home DIR");
        assertThat(err.toString().lines().filter(l -> !l.startsWith("  ")))
                .as("each error is one line in the CLI's format, its hint indented below it")
                .hasSize(4).allMatch(l -> l.startsWith("openclaw-agent: error: "));
    }

    @Test
    void installWithoutAHomeIsAUsageErrorNamingInit() {
        int status = run("service", "install", "--home", tmp.resolve("nowhere").toString(), "--jar", "/x.jar",
                "--unit-dir", units.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("openclaw-agent init --home");
        assertThat(units).isEmptyDirectory();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS,
            disabledReason = "Windows accepts a password: this would register a real service with the SCM")
    void aPasswordIsRefusedForSystemdBeforeAnythingIsWritten() throws Exception {
        Path file = Files.writeString(tmp.resolve("pw.txt"), "secret\n");

        int status = run("service", "install", "--home", home.toString(), "--jar", "/opt/openclaw/agent.jar",
                "--account", "openclaw", "--password-file", file.toString(), "--unit-dir", units.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("a password is only for Windows services; systemd runs the unit as User= without one");
        assertThat(units).isEmptyDirectory();
    }

    @Test
    void aPasswordOnTheCommandLineIsRefusedWithoutRepeatingIt() {
        int status = run("service", "install", "--home", home.toString(), "--jar", "/x.jar", "--account", ".\\op",
                "--password", "hunter2", "--unit-dir", units.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--password is not accepted: every user can read a command line; use --password-file FILE or --password-stdin").doesNotContain("hunter2");
        assertThat(units).isEmptyDirectory();
    }

    @Test
    void theTwoPasswordSourcesExcludeEachOther() throws Exception {
        Path file = Files.writeString(tmp.resolve("pw.txt"), "secret\n");

        int status = run("service", "install", "--home", home.toString(), "--jar", "/x.jar", "--password-file",
                file.toString(), "--password-stdin", "--unit-dir", units.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
        assertThat(units).isEmptyDirectory();
    }

    @Test
    void installHelpNamesThePasswordOptionsAndTheLogonRightOptOut() {
        assertThat(run("service", "install", "--help")).isZero();
        assertThat(out.toString()).contains("--password-file=FILE", "--password-stdin", "--no-grant-logon-right")
                .doesNotContain("--password=");
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS,
            disabledReason = "Windows accepts the option: this would register a real service with the SCM")
    void theLogonRightOptOutIsRefusedForSystemdBeforeAnythingIsWritten() {
        int status = run("service", "install", "--home", home.toString(), "--jar", "/opt/openclaw/agent.jar",
                "--account", "openclaw", "--no-grant-logon-right", "--unit-dir", units.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--no-grant-logon-right is only for Windows services; systemd needs no user right");
        assertThat(units).isEmptyDirectory();
    }

    @Test
    void serviceHelpListsTheExitStatusOfAnUngrantedRight() {
        assertThat(run("service", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains("8 installed but the account could not be granted 'Log on as a service'");
    }

    @Test
    void aNameWithCharactersTheServiceManagerRejectsIsRefused() {
        int status = run("service", "install", "--home", home.toString(), "--jar", "/x.jar", "--name", "bad name",
                "--print");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("not a usable service name: bad name");
    }
}
