package io.openclaw.deploy.agent.cli.service;

import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentConfigLoader;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.service.ServiceCommandException;
import io.openclaw.deploy.agent.service.ServiceDefinition;
import io.openclaw.deploy.agent.service.ServiceInvocation;
import io.openclaw.deploy.agent.service.ServiceTiming;
import io.openclaw.deploy.agent.service.systemd.SystemdUnit;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "install",
        mixinStandardHelpOptions = true,
        description = {
            "Registers the agent as a service that starts with the machine.",
            "",
            "Windows: automatic (delayed) start, restart on failure after 10 s, 30 s, then 60 s (counted afresh after a"
                    + " day), a preshutdown timeout that covers draining, and an Application event log source. Needs an"
                    + " elevated prompt. The service runs: java -Xrs -jar openclaw-agent.jar service run --home DIR.",
            "Linux: writes and enables a systemd unit (Restart=on-failure, KillMode=process so the loops survive an"
                    + " agent crash, TimeoutStopSec covering the drain); --print shows it without installing.",
        },
        footer = {"", "Examples:", "  openclaw-agent service install --home C:\\OpenClaw --account \"NT SERVICE\\OpenClawAgent\"",
            "  openclaw-agent service install --home /opt/openclaw --account openclaw --print"})
final class ServiceInstallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceTarget target;

    @Option(names = "--home", required = true, paramLabel = "DIR", description = "Agent home created by 'init'.")
    Path home;

    @Option(names = "--account", paramLabel = "ACCOUNT", description = {
        "Account the service runs as. Windows: e.g. \"NT SERVICE\\OpenClawAgent\" (virtual account),"
                + " \"NT AUTHORITY\\LocalService\"; default LocalSystem. Accounts that need a password are not"
                + " supported by install; set them in services.msc afterwards.",
        "Linux: the unit's User= (default root)."})
    String account;

    @Option(names = "--java", paramLabel = "FILE", description = "Java executable (default: the one running this command).")
    Path java;

    @Option(names = "--jar", paramLabel = "FILE", description = "Agent jar (default: the jar running this command).")
    Path jar;

    @Option(names = "--jvm-option", paramLabel = "OPTION", description = "Extra JVM option, e.g. -Xmx512m (repeatable).")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--print", description = "Print what would be installed and change nothing.")
    boolean print;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AgentHome agentHome = new AgentHome(home);
        if (!Files.isRegularFile(agentHome.configFile())) {
            throw new ParameterException(spec.commandLine(), "no agent home at " + agentHome.root() + " (missing "
                    + agentHome.configFile() + "); create it with: openclaw-agent init --home " + home);
        }
        ServiceDefinition definition = definition(agentHome);
        if (print) {
            out.println(ServiceTarget.windows() ? describe(definition) : new SystemdUnit(definition).text());
            out.flush();
            return 0;
        }
        try {
            if (ServiceTarget.windows()) {
                // JNA unpacks its native stub here (-Djna.tmpdir): a place the service account can write.
                Files.createDirectories(agentHome.root().resolve("tmp"));
            }
            target.manager().install(definition);
        } catch (java.io.IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot create " + agentHome.root().resolve("tmp") + ": "
                    + e.getMessage());
        } catch (ServiceCommandException e) {
            return ServiceTarget.report(spec.commandLine().getErr(), e);
        }
        out.println("installed service " + definition.name() + "; start it with: openclaw-agent service start");
        out.flush();
        return 0;
    }

    ServiceDefinition definition(AgentHome agentHome) {
        boolean windows = ServiceTarget.windows();
        Path javaExe = (java != null ? java : ServiceInvocation.currentJava(windows)).toAbsolutePath().normalize();
        Path agentJar = (jar != null ? jar : runningJar()).toAbsolutePath().normalize();
        ServiceInvocation invocation = windows
                ? ServiceInvocation.windowsService(javaExe, agentJar, agentHome.root(), jvmOptions)
                : ServiceInvocation.systemd(javaExe, agentJar, agentHome.root(), jvmOptions);
        try {
            ServiceDefinition agent =
                    ServiceDefinition.agent(invocation, Optional.ofNullable(account), stopBudget(agentHome));
            return new ServiceDefinition(target.name(), agent.displayName(), agent.description(), invocation,
                    agent.account(), agent.restartDelays(), agent.failureReset(), agent.stopTimeout());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Duration stopBudget(AgentHome agentHome) {
        AgentConfig config;
        try {
            config = AgentConfigLoader.load(agentHome.configFile());
        } catch (Exception e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return ServiceTiming.forAgent(config.supervision().drainTimeout(), config.supervision().stopTimeout()).maxStop();
    }

    private Path runningJar() {
        try {
            Path location = Path.of(ServiceInstallCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) {
                return location;
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the error below
        }
        throw new ParameterException(spec.commandLine(), "not running from the agent jar; say which with --jar FILE");
    }

    private static String describe(ServiceDefinition d) {
        return String.join(System.lineSeparator(),
                "service name   " + d.name(),
                "display name   " + d.displayName(),
                "description    " + d.description(),
                "start type     automatic (delayed start)",
                "account        " + d.account().orElse("LocalSystem"),
                "command line   " + d.invocation().windowsCommandLine(),
                "on failure     restart after " + d.restartDelays().stream().map(x -> x.toSeconds() + " s").toList()
                        + ", reset after " + d.failureReset().toHours() + " h (also on a failed start)",
                "preshutdown    " + d.stopTimeout().toSeconds() + " s",
                "event source   Application/" + d.name());
    }
}
