package io.openclaw.deploy.agent.cli.service;

import io.openclaw.deploy.agent.service.ServiceManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "uninstall", mixinStandardHelpOptions = true,
        description = "Removes the service registration (stop it first). The home, the loops and their data stay.")
final class ServiceUninstallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceTarget target;

    @Override
    public Integer call() {
        return target.perform(spec, ServiceManager::uninstall, "uninstalled service " + target.name());
    }
}
