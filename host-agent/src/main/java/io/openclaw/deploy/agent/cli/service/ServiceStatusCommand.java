package io.openclaw.deploy.agent.cli.service;

import io.openclaw.deploy.agent.service.ServiceCommandException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Shows the service's state.")
final class ServiceStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceTarget target;

    @Override
    public Integer call() {
        try {
            spec.commandLine().getOut().println(target.name() + ": " + target.manager().status(target.name()));
        } catch (ServiceCommandException e) {
            return ServiceTarget.report(spec.commandLine().getErr(), e);
        }
        return 0;
    }
}
