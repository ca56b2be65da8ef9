package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.agent.DiskFullException;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.platform.Platform;
import io.openclaw.deploy.agent.service.AgentStarter.StartFailure;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the agent in the foreground until it is stopped (Ctrl-C, SIGTERM, or the service manager). */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the agent in the foreground: the router, the control API and the loops of the current release.",
            "",
            "On start it adopts loops a previous agent process left running and restores the release an interrupted"
                    + " deployment was replacing. The router runs as a process of its own. Ctrl-C or SIGTERM stops"
                    + " the agent alone: the router and the loops keep serving, and the next start adopts them (so"
                    + " does a start after the agent was killed). --stop-all-on-exit, or 'service stop --all', stops"
                    + " them too. It refuses to start while its secret files are readable by others (exit status 11).",
        },
        footer = {"", "Example:", "  openclaw-agent init --home /opt/openclaw && openclaw-agent serve --home /opt/openclaw"})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--home", required = true, paramLabel = "DIR", description = "Agent home created by 'init'.")
    Path home;

    @Option(names = "--stop-all-on-exit",
            description = "On Ctrl-C / SIGTERM stop the router and every loop too (by default they keep serving).")
    boolean stopAllOnExit;

    @Override
    public Integer call() throws Exception {
        AgentHome agentHome = new AgentHome(home);
        String missing = AgentProcess.missingHome(agentHome);
        if (missing != null) {
            return fail(ExitCodes.USAGE, missing);
        }
        // Before the first logger exists: the agent logs to HOME/logs as well as to the console.
        AgentProcess.configureLogging(agentHome);
        AgentProcess agent;
        try {
            agent = AgentProcess.start(agentHome, Platform.current());
        } catch (StartFailure e) {
            return switch (e.exitCode()) {
                case BAD_HOME -> fail(ExitCodes.USAGE, "cannot use the agent home " + agentHome.root() + ": " + e.getMessage());
                case INSECURE_SECRETS -> fail(e.exitCode().code(), e.getMessage());
                // Read-only mode covers a full disk; what still fails for want of space says so.
                default -> DiskFullException.isDiskFull(e)
                        ? fail(ExitCodes.DISK_FULL, "the agent could not start: " + DiskFullException.REASON_PREFIX
                                + " (" + e.getMessage() + ")")
                        : fail(ExitCodes.ERROR, "the agent could not start: " + e.getMessage());
            };
        }
        if (stopAllOnExit) {
            agent.stopEverythingOnClose();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "agent-shutdown"));
        System.out.println(agent.readyLine());
        System.out.flush();
        stopped.await();
        return ExitCodes.SUCCESS;
    }

    /** One line on stderr, as every command reports errors; the details are in HOME/logs/agent.log. */
    private int fail(int exitCode, String message) {
        spec.commandLine().getErr().println("openclaw-agent: error: " + message);
        return exitCode;
    }
}
