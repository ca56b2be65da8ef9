package io.openclaw.deploy.agent.cli.service;

import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.service.ServiceCommandException;
import io.openclaw.deploy.agent.service.ServiceDefinition;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "reconfigure",
        mixinStandardHelpOptions = true,
        description = {
            "Points the installed service at a new agent jar, Java or JVM options, and applies the current settings"
                    + " again (the preshutdown timeout from agent.yaml, the failure actions). The account and its"
                    + " password stay. Takes effect at the next start of the service; the running agent is not"
                    + " touched.",
            "",
            "Windows: ChangeServiceConfig with the whole command line as one string (what 'sc.exe config binPath='"
                    + " cannot be given reliably from PowerShell). Linux: rewrites the unit, keeping its User=.",
        },
        footer = {"", "Example (agent upgrade):",
            "  openclaw-agent service reconfigure --home C:\\OpenClaw --jar C:\\OpenClaw\\Agent\\openclaw-agent-1.4.0.jar"})
final class ServiceReconfigureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceTarget target;

    @Option(names = "--home", required = true, paramLabel = "DIR", description = "Agent home of the installed service.")
    Path home;

    @Mixin
    ServiceDefinitionOptions what;

    @Option(names = "--print", description = "Print the new command line and change nothing.")
    boolean print;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ServiceDefinition definition = what.definition(spec, target, new AgentHome(home), Optional.empty());
        if (print) {
            out.println(ServiceTarget.windows() ? definition.invocation().windowsCommandLine()
                    : String.join(" ", definition.invocation().arguments()));
            out.flush();
            return 0;
        }
        List<String> done;
        try {
            done = target.manager().reconfigure(definition);
        } catch (ServiceCommandException e) {
            return ServiceTarget.report(spec.commandLine().getErr(), e);
        }
        done.forEach(out::println);
        out.println("reconfigured service " + definition.name() + "; the change takes effect at its next start");
        out.flush();
        return 0;
    }
}
