package io.openclaw.deploy.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.protocol.AgentStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line builds only the command it runs, and behaves as if it had built them all. */
class MainTest {
    @Test
    void everySubcommandIsRegisteredUnderItsOwnName() {
        Map<String, CommandLine> all = Main.commandLine().getSubcommands();

        assertThat(all).hasSizeGreaterThan(10);
        all.forEach((name, command) -> assertThat(
                command.getCommandSpec().userObject().getClass().getAnnotation(Command.class).name())
                .as("the name %s is registered under", name)
                .isEqualTo(name));
    }

    @Test
    void aKnownCommandIsBuiltAlone() {
        CommandLine cli = Main.commandLineFor(new String[] {"serve", "--home", "/nowhere"});

        assertThat(cli.getSubcommands()).containsOnlyKeys("serve");
    }

    @Test
    void helpAndUnknownCommandsSeeEveryCommand() {
        int all = Main.commandLine().getSubcommands().size();

        assertThat(Main.commandLineFor(new String[0]).getSubcommands()).hasSize(all);
        assertThat(Main.commandLineFor(new String[] {"--help"}).getSubcommands()).hasSize(all);
        assertThat(Main.commandLineFor(new String[] {"help", "serve"}).getSubcommands()).hasSize(all);
    }

    @Test
    void aMistypedCommandStillGetsSuggestions() {
        String[] args = {"sreve", "--home", "/nowhere"};
        CommandLine cli = Main.commandLineFor(args);
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute(args)).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("did you mean").contains("serve");
    }

    @Test
    void theClientWarmUpBeginsForExactlyTheCommandsThatCallAnAgent() {
        Map<String, CommandLine> all = Main.commandLine().getSubcommands();

        all.forEach((name, command) -> assertThat(ClientWarmUp.isClientCall(new String[] {name, "--home", "/x"},
                all.keySet())).as(name).isEqualTo(callsAnAgent(command)));
        assertThat(all.values().stream().filter(MainTest::callsAnAgent)).hasSizeGreaterThan(8);
        assertThat(ClientWarmUp.isClientCall(new String[] {"--version"}, all.keySet())).isFalse();
        assertThat(ClientWarmUp.isClientCall(new String[] {"stauts"}, all.keySet())).isFalse();
        assertThat(ClientWarmUp.isClientCall(new String[0], all.keySet())).isFalse();
    }

    @Test
    void theWarmUpReadsAheadWhatEveryClientCommandButFlagsReads() {
        Map<String, CommandLine> all = Main.commandLine().getSubcommands();
        Set<String> clients = all.entrySet().stream().filter(e -> callsAnAgent(e.getValue())).map(Map.Entry::getKey)
                .collect(Collectors.toSet());

        assertThat(ClientWarmUp.ANSWERS.keySet()).containsExactlyInAnyOrderElementsOf(
                clients.stream().filter(name -> !name.equals("flags")).toList());
        // Whatever fails there only costs time: nothing is thrown at the command.
        ClientWarmUp.readAhead(List.of(Object.class, AgentStatus.class));
    }

    private static boolean callsAnAgent(CommandLine command) {
        return command.getCommandSpec().userObject() instanceof ClientCommand
                || command.getSubcommands().values().stream().anyMatch(MainTest::callsAnAgent);
    }
}
