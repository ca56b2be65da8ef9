package io.openclaw.deploy.agent.cli.service;

import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.service.ServiceAccount;
import io.openclaw.deploy.agent.service.ServiceCommandException;
import io.openclaw.deploy.agent.service.ServiceDefinition;
import io.openclaw.deploy.agent.service.ServicePassword;
import io.openclaw.deploy.agent.service.systemd.SystemdUnit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
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
                    + " elevated prompt. The service runs: java -Xrs -jar openclaw-agent.jar service run --home DIR."
                    + " A user account (one with a password) is granted 'Log on as a service', as services.msc does;"
                    + " exit 8 if that fails (the service stays installed).",
            "Linux: writes and enables a systemd unit (Restart=on-failure, KillMode=process so the loops survive an"
                    + " agent crash, TimeoutStopSec covering the drain); --print shows it without installing.",
        },
        footer = {"", "Examples:", "  openclaw-agent service install --home C:\\OpenClaw --account \"NT SERVICE\\OpenClawAgent\"",
            "  openclaw-agent service install --home C:\\OpenClaw --account .\\openclaw --password-file C:\\Temp\\pw.txt",
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
                + " \"NT AUTHORITY\\LocalService\", or a user (.\\name, DOMAIN\\name) with a password option;"
                + " default LocalSystem.",
        "Linux: the unit's User= (default root)."})
    String account;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    PasswordSource passwordSource;

    /** Where the password of a Windows user account comes from: never the command line. */
    static final class PasswordSource {
        @Option(names = "--password-file", paramLabel = "FILE", required = true,
                description = "Windows: read the account's password from the first line of FILE (delete it afterwards).")
        Path file;

        @Option(names = "--password-stdin", required = true,
                description = "Windows: read the account's password from the first line of standard input.")
        boolean stdin;
    }

    /** Only to refuse it with a clear message (without repeating the value): the process list shows arguments. */
    @Option(names = "--password", hidden = true, paramLabel = "PASSWORD")
    String passwordOnCommandLine;

    @Option(names = "--no-grant-logon-right", description = "Windows: do not grant the account the 'Log on as a"
            + " service' right (by default a user account gets it, as in services.msc); for rights managed by policy.")
    boolean noGrantLogonRight;

    @Mixin
    ServiceDefinitionOptions what;

    @Option(names = "--print", description = "Print what would be installed and change nothing.")
    boolean print;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AgentHome agentHome = new AgentHome(home);
        if (passwordOnCommandLine != null) {
            throw new ParameterException(spec.commandLine(), "--password is not accepted: every user can read a"
                    + " command line; use --password-file FILE or --password-stdin");
        }
        if (noGrantLogonRight && !ServiceTarget.windows()) {
            throw new ParameterException(spec.commandLine(), "--no-grant-logon-right is only for Windows services;"
                    + " systemd needs no user right");
        }
        ServiceDefinition definition = definition(agentHome);
        ServiceAccount.problem(ServiceTarget.windows(), definition.account(), definition.name(), passwordSource != null)
                .ifPresent(problem -> {
                    throw new ParameterException(spec.commandLine(), problem);
                });
        if (print) {
            out.println(ServiceTarget.windows() ? describe(definition, passwordSource != null, !noGrantLogonRight)
                    : new SystemdUnit(definition).text());
            out.flush();
            return 0;
        }
        List<String> done;
        // Read (and checked) before anything changes; overwritten as soon as the service manager has it.
        try (ServicePassword password = readPassword()) {
            if (ServiceTarget.windows()) {
                // JNA unpacks its native stub here (-Djna.tmpdir): a place the service account can write.
                Files.createDirectories(agentHome.root().resolve("tmp"));
            }
            done = target.manager(!noGrantLogonRight).install(definition, Optional.ofNullable(password));
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot create " + agentHome.root().resolve("tmp") + ": "
                    + e.getMessage());
        } catch (ServiceCommandException e) {
            return ServiceTarget.report(spec.commandLine().getErr(), e);
        }
        done.forEach(out::println);
        out.println("installed service " + definition.name() + "; start it with: openclaw-agent service start");
        out.flush();
        return 0;
    }

    /** @return null when the account needs none (checked before) */
    private ServicePassword readPassword() {
        if (passwordSource == null) {
            return null;
        }
        try {
            return passwordSource.file != null
                    ? ServicePassword.fromFile(passwordSource.file)
                    : ServicePassword.fromStream(System.in, "standard input");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    ServiceDefinition definition(AgentHome agentHome) {
        return what.definition(spec, target, agentHome, Optional.ofNullable(account));
    }

    private static String describe(ServiceDefinition d, boolean withPassword, boolean grantLogonRight) {
        return String.join(System.lineSeparator(),
                "service name   " + d.name(),
                "display name   " + d.displayName(),
                "description    " + d.description(),
                "start type     automatic (delayed start)",
                "account        " + d.account().orElse("LocalSystem") + (withPassword ? " (password read at install)" : ""),
                "logon right    " + logonRight(d, grantLogonRight),
                "command line   " + d.invocation().windowsCommandLine(),
                "on failure     restart after " + d.restartDelays().stream().map(x -> x.toSeconds() + " s").toList()
                        + ", reset after " + d.failureReset().toHours() + " h (also on a failed start)",
                "preshutdown    " + d.stopTimeout().toSeconds() + " s",
                "event source   Application/" + d.name());
    }

    private static String logonRight(ServiceDefinition d, boolean grant) {
        if (!ServiceAccount.needsPassword(d.account())) {
            return "none needed";
        }
        return grant ? "'Log on as a service' granted to the account at install"
                : "'Log on as a service' not granted (--no-grant-logon-right): the account must already have it";
    }
}
