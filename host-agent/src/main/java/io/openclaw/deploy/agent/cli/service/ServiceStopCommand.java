package io.openclaw.deploy.agent.cli.service;

import io.openclaw.deploy.agent.cli.ExitCodes;
import io.openclaw.deploy.agent.cli.FullStop;
import io.openclaw.deploy.agent.config.AgentHome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {
            "Stops the agent's service gracefully and waits for it. The router and the loops keep serving (a restart or"
                    + " an upgrade of the agent loses no request); the next start adopts them.",
            "With --all the router and every loop stop too (drained, asked to exit, killed after their stop timeout).",
        })
final class ServiceStopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceTarget target;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "How long to wait for the stop (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--all", description = "Stop the router and every loop as well (needs --home).")
    boolean all;

    @Option(names = "--home", paramLabel = "DIR", description = "The service's agent home (with --all).")
    Path home;

    @Override
    public Integer call() {
        if (all) {
            if (home == null) {
                spec.commandLine().getErr().println("openclaw-agent: error: --all needs --home DIR (the service's agent home)");
                return ExitCodes.USAGE;
            }
            try {
                FullStop.request(new AgentHome(home));
            } catch (IOException e) {
                spec.commandLine().getErr().println("openclaw-agent: error: cannot ask for a full stop in " + home
                        + ": " + e.getMessage());
                return ExitCodes.ERROR;
            }
        }
        return target.perform(spec, (manager, name) -> manager.stop(name, Duration.ofSeconds(timeoutSeconds)),
                "stopped " + target.name());
    }
}
