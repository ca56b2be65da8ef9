package io.openclaw.deploy.agent.cli.service;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code openclaw-agent service ...}: the agent as a Windows service or a systemd unit. */
@Command(
        name = "service",
        mixinStandardHelpOptions = true,
        description = {
            "Installs and controls the agent as an operating-system service: a Windows service (Service Control"
                    + " Manager) on Windows, a systemd unit on Linux.",
            "",
            "Exit status: 0 done, 3 not elevated, 4 already installed, 5 not installed, 6 timeout, 7 other failure,"
                    + " 8 installed but the account could not be granted 'Log on as a service';"
                    + " 'service run' exits with the service-specific code it reports (10 start failed, 11 insecure"
                    + " secrets, 12 bad home, 13 unclean stop).",
        },
        subcommands = {
            ServiceInstallCommand.class,
            ServiceReconfigureCommand.class,
            ServiceUninstallCommand.class,
            ServiceStartCommand.class,
            ServiceStopCommand.class,
            ServiceStatusCommand.class,
            ServiceRunCommand.class,
            CommandLine.HelpCommand.class
        })
public final class ServiceCommand {}
