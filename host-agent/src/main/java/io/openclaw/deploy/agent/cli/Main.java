package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.agent.cli.service.ServiceCommand;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code openclaw-agent.jar}. */
@Command(
        name = "openclaw-agent",
        mixinStandardHelpOptions = true,
        versionProvider = AgentVersion.class,
        description = "OpenClaw Deploy host agent: supervises the OpenClaw loops and releases them with zero downtime.")
public final class Main {
    /** The subcommands by name, in the order the help lists them. */
    private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    public static void main(String[] args) {
        withoutNettyJfrEvents();
        boolean clientCall = ClientWarmUp.isClientCall(args, SUBCOMMANDS.keySet());
        if (clientCall) {
            withoutPooledBuffers();
            SimpleClientLogging.choose();
            ClientWarmUp.begin(args[0]);
            ClientArchive.dropIfUnmapped();
        }
        int exitCode = commandLineFor(args).execute(args);
        if (clientCall && ClientTraining.requested()) {
            ClientTraining.run();
        }
        AgentProcess.awaitLogging();
        System.exit(exitCode);
    }

    /**
     * Netty's buffer allocation events for JDK Flight Recorder make the first allocation load JFR's event machinery,
     * about 50 ms of every client call's and every start's CPU, for events nobody records unless profiling.
     * {@code -Dio.netty.jfr.enabled=true} brings them back (a JFR recording of the agent works either way).
     */
    public static void withoutNettyJfrEvents() {
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
    }

    /**
     * A client call makes a handful of requests and exits: Netty's default pooling allocator sets up its magazines and
     * recyclers for it first (about 7 ms of each call), which pays off only for a process that keeps running. The
     * agent's own servers keep the default; {@code -Dio.netty.allocator.type=…} chooses for a client call too.
     */
    static void withoutPooledBuffers() {
        if (System.getProperty("io.netty.allocator.type") == null) {
            System.setProperty("io.netty.allocator.type", "unpooled");
        }
    }

    /** The configured command line with every subcommand, as the help and the tests see it. */
    public static CommandLine commandLine() {
        CommandLine cli = topLevel();
        SUBCOMMANDS.forEach(cli::addSubcommand);
        return cli;
    }

    /**
     * The command line {@code args} need: a known subcommand alone, everything otherwise (help, which describes the
     * others, and a mistyped command with its suggestions). picocli builds its model of a command by reflection, and doing that for every command before
     * each one ran cost a restarted agent a fifth of its start (docs/reliability.md) and every CLI call as much.
     */
    static CommandLine commandLineFor(String[] args) {
        Class<?> named = args.length == 0 ? null : SUBCOMMANDS.get(args[0]);
        if (named == null || named == CommandLine.HelpCommand.class) {
            return commandLine();
        }
        return topLevel().addSubcommand(args[0], named);
    }

    private static CommandLine topLevel() {
        return new CommandLine(new Main()).setParameterExceptionHandler(new UsageError());
    }

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("init", InitCommand.class);
        commands.put("serve", ServeCommand.class);
        commands.put("status", StatusCommand.class);
        commands.put("deploy", DeployCommand.class);
        commands.put("rollback", RollbackCommand.class);
        commands.put("deployments", DeploymentsCommand.class);
        commands.put("events", EventsCommand.class);
        commands.put("pause", PauseCommand.class);
        commands.put("resume", ResumeCommand.class);
        commands.put("promote", PromoteCommand.class);
        commands.put("abort", AbortCommand.class);
        commands.put("verify", VerifyCommand.class);
        commands.put("flags", FlagsCommand.class);
        commands.put("service", ServiceCommand.class);
        commands.put("help", CommandLine.HelpCommand.class);
        return Collections.unmodifiableMap(commands);
    }

    /**
     * A wrong or missing argument is one line naming it and where the help is, not picocli's default of the whole
     * usage text, which buries the one line that matters (scripts and the service log read stderr too).
     *
     * <p>A class, not a method reference: a lambda of picocli's Java 5 interface is linked when the launcher makes its
     * class-data archive, and Java 17 leaves a linked Java 5 class out of a static archive, here picocli's
     * {@code CommandLine} itself, which every call then loaded and verified again (docs/cli.md, "Start-up time").
     */
    private static final class UsageError implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            CommandLine failed = e.getCommandLine();
            String message = e.getMessage();
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                    && !unmatched.getSuggestions().isEmpty()) {
                message += " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
            }
            failed.getErr().println("openclaw-agent: error: " + message + " (see '"
                    + failed.getCommandSpec().qualifiedName() + " --help')");
            failed.getErr().flush();
            return ExitCodes.USAGE;
        }
    }
}
