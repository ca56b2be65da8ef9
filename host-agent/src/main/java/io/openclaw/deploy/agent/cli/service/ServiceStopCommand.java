package io.openclaw.deploy.agent.cli.service;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stops the service gracefully (drain, stop the loops, flush the journal) and waits for it.")
final class ServiceStopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceTarget target;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "How long to wait for the stop (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() {
        return target.perform(spec, (manager, name) -> manager.stop(name, Duration.ofSeconds(timeoutSeconds)),
                "stopped " + target.name());
    }
}
