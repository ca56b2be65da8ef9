package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.agent.cli.service.ServiceCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code openclaw-agent.jar}. */
@Command(
        name = "openclaw-agent",
        mixinStandardHelpOptions = true,
        versionProvider = AgentVersion.class,
        description = "OpenClaw Deploy host agent: supervises the OpenClaw loops and releases them with zero downtime.",
        subcommands = {
            InitCommand.class,
            ServeCommand.class,
            StatusCommand.class,
            DeployCommand.class,
            RollbackCommand.class,
            DeploymentsCommand.class,
            EventsCommand.class,
            PauseCommand.class,
            ResumeCommand.class,
            PromoteCommand.class,
            AbortCommand.class,
            VerifyCommand.class,
            FlagsCommand.class,
            ServiceCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setParameterExceptionHandler(Main::usageError);
    }

    /**
     * A wrong or missing argument is one line naming it and where the help is, not picocli's default of the whole
     * usage text, which buries the one line that matters (scripts and the service log read stderr too).
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            message += " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
        }
        failed.getErr().println("openclaw-agent: error: " + message + " (see '"
                + failed.getCommandSpec().qualifiedName() + " --help')");
        failed.getErr().flush();
        return ExitCodes.USAGE;
    }
}
