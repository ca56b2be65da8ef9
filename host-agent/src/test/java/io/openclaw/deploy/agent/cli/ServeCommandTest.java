package io.openclaw.deploy.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve} refuses a home it cannot use with one line and exit 2, before starting anything. */
class ServeCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int serve(Path home) {
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute("serve", "--home", home.toString());
    }

    @Test
    void aMissingHomeSaysHowToCreateOne() {
        assertThat(serve(dir.resolve("nowhere"))).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("no agent home at").contains("openclaw-agent init --home");
    }

    @Test
    void anInvalidConfigurationIsOneLineNamingTheKeyAndLine() throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/agent.yaml"), "agent: {router_port: 70000}\n");

        assertThat(serve(home)).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip())
                .startsWith("openclaw-agent: error: cannot use the agent home")
                .contains("line 1").contains("agent.router_port")
                .doesNotContain("\n").doesNotContain("Exception");
    }
}
