package io.openclaw.deploy.agent.cli.service;

import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentConfigLoader;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.service.AgentJvmOptions;
import io.openclaw.deploy.agent.service.ServiceDefinition;
import io.openclaw.deploy.agent.service.ServiceInvocation;
import io.openclaw.deploy.agent.service.ServiceTiming;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** What the service runs ({@code --java}, {@code --jar}, {@code --jvm-option}): shared by install and reconfigure. */
final class ServiceDefinitionOptions {
    @Option(names = "--java", paramLabel = "FILE", description = "Java executable (default: the one running this command).")
    Path java;

    @Option(names = "--jar", paramLabel = "FILE", description = "Agent jar (default: the jar running this command).")
    Path jar;

    @Option(names = "--jvm-option", paramLabel = "OPTION", description = "Extra JVM option, e.g. -Xmx512m (repeatable).")
    List<String> jvmOptions = new ArrayList<>();

    /** The service definition for {@code home} (which must hold agent.yaml: the stop budget comes from it). */
    ServiceDefinition definition(CommandSpec spec, ServiceTarget target, AgentHome agentHome, Optional<String> account) {
        if (!Files.isRegularFile(agentHome.configFile())) {
            throw new ParameterException(spec.commandLine(), "no agent home at " + agentHome.root() + " (missing "
                    + agentHome.configFile() + "); create it with: openclaw-agent init --home " + agentHome.root());
        }
        boolean windows = ServiceTarget.windows();
        Path javaExe = (java != null ? java : ServiceInvocation.currentJava(windows)).toAbsolutePath().normalize();
        Path agentJar = (jar != null ? jar : runningJar(spec)).toAbsolutePath().normalize();
        // The agent's memory bounds first, so that an operator's --jvm-option (later on the command line) wins.
        List<String> options = new ArrayList<>(AgentJvmOptions.SERVER);
        options.addAll(jvmOptions);
        ServiceInvocation invocation = windows
                ? ServiceInvocation.windowsService(javaExe, agentJar, agentHome.root(), options)
                : ServiceInvocation.systemd(javaExe, agentJar, agentHome.root(), options);
        try {
            ServiceDefinition agent = ServiceDefinition.agent(invocation, account, stopBudget(spec, agentHome));
            return new ServiceDefinition(target.name(), agent.displayName(), agent.description(), invocation,
                    agent.account(), agent.restartDelays(), agent.failureReset(), agent.stopTimeout());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static Duration stopBudget(CommandSpec spec, AgentHome agentHome) {
        AgentConfig config;
        try {
            config = AgentConfigLoader.load(agentHome.configFile());
        } catch (Exception e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return ServiceTiming.forAgent(config.supervision().drainTimeout(), config.supervision().stopTimeout()).maxStop();
    }

    private static Path runningJar(CommandSpec spec) {
        try {
            Path location = Path.of(ServiceDefinitionOptions.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
            if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) {
                return location;
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the error below
        }
        throw new ParameterException(spec.commandLine(), "not running from the agent jar; say which with --jar FILE");
    }
}
