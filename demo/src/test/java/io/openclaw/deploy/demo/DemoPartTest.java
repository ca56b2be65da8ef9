package io.openclaw.deploy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code openclaw-demo --only}: the parts by the names people type, and a clear usage error for any other name. */
class DemoPartTest {
    @Test
    void partsAreReadByTheirNamesInAnyCase() {
        DemoPart.Converter converter = new DemoPart.Converter();
        assertThat(List.of("blue-green", "Canary", " flags ")).map(converter::convert)
                .containsExactly(DemoPart.BLUE_GREEN, DemoPart.CANARY, DemoPart.FLAGS);
    }

    @Test
    void aCommaSeparatedListSelectsThoseParts() {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--only", "flags,canary");
        assertThat(EnumSet.copyOf(demo.only)).containsExactly(DemoPart.CANARY, DemoPart.FLAGS);
    }

    @Test
    void anUnknownPartIsAUsageErrorNamingTheValidOnesAndStartsNothing() {
        StringWriter err = new StringWriter();
        CommandLine cli = DemoCommand.commandLine();
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("--only", "canary,rolling");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("unknown part 'rolling' (one of blue-green, canary, flags)");
    }
}
