package io.openclaw.deploy.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every command and option the command line accepts is documented: in docs/cli.md, or for the {@code flags} and
 * {@code service} commands in the doc cli.md points to. An option added without its documentation fails here.
 */
class CliDocTest {
    private static final Path DOCS = Path.of("..", "docs");
    /** Commands documented in a doc of their own, besides the overview in cli.md. */
    private static final Map<String, String> OWN_DOC = Map.of("flags", "flags.md", "service", "windows-service.md");

    @Test
    void everyCommandAndOptionIsDocumented() throws IOException {
        String cli = Files.readString(DOCS.resolve("cli.md"));
        Set<String> missing = new TreeSet<>();
        for (CommandLine command : Main.commandLine().getSubcommands().values()) {
            String name = command.getCommandName();
            if (name.equals("help")) {
                continue;
            }
            String doc = cli + (OWN_DOC.containsKey(name) ? Files.readString(DOCS.resolve(OWN_DOC.get(name))) : "");
            if (!cli.contains("`" + name + "`")) {
                missing.add(name);
            }
            for (String option : options(command)) {
                if (!doc.contains(option)) {
                    missing.add(name + " " + option);
                }
            }
        }
        assertThat(missing).as("commands and options no doc mentions").isEmpty();
    }

    @Test
    void optionsOfSubcommandsAreIncluded() {
        CommandLine flags = Main.commandLine().getSubcommands().get("flags");
        assertThat(options(flags)).contains("--revision", "--attr", "--rollout");
    }

    /** Long option names of a command and its subcommands, without help, version and hidden (test-only) options. */
    private static Set<String> options(CommandLine command) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec option : command.getCommandSpec().options()) {
            String longest = option.longestName();
            if (!option.hidden() && !List.of("--help", "--version").contains(longest)) {
                names.add(longest);
            }
        }
        command.getSubcommands().values().forEach(sub -> {
            if (!sub.getCommandName().equals("help")) {
                names.addAll(options(sub));
            }
        });
        return names;
    }
}
