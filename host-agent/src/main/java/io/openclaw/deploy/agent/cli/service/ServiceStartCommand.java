package io.openclaw.deploy.agent.cli.service;

import io.openclaw.deploy.agent.service.ServiceManager;
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
        return target.perform(spec, ServiceManager::start, "start requested for " + target.name());
    }
}
