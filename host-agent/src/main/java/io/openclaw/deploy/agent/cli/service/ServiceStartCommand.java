package io.openclaw.deploy.agent.cli.service;

import io.openclaw.deploy.agent.service.ServiceCommandException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "start", mixinStandardHelpOptions = true, description = "Starts the installed service.")
final class ServiceStartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceTarget target;

    @Override
    public Integer call() {
        try {
            target.manager().start(target.name());
        } catch (ServiceCommandException e) {
            return ServiceTarget.report(spec.commandLine().getErr(), e);
        }
        spec.commandLine().getOut().println("start requested for " + target.name());
        return 0;
    }
}
