package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.agent.DiskFullException;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentHome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "init",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {
            "Create an agent home.",
            "It holds conf/agent.yaml, conf/api-token (owner-only), conf/tls/ (self-signed",
            "certificate and key) and empty releases/ artifacts/ data/blue data/green",
            "state/ logs/ backups/. Prints the API URL, the token file and the certificate",
            "fingerprint that clients pin."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  openclaw-agent init --home C:\\OpenClaw",
            "  openclaw-agent init --home /opt/openclaw --bind 0.0.0.0 --api-port 9443",
            "",
            "An existing home is refused unless --force is given; --force replaces the",
            "configuration, token and certificate (clients then need the new token and",
            "fingerprint) and keeps releases, artifacts, data, state, logs and backups.",
            "Exit codes: 0 created, 2 invalid option or existing home, 1 anything else."
        })
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--home", required = true, paramLabel = "DIR", description = "Directory to create the home in.")
    Path home;

    @Option(names = "--router-port", paramLabel = "N", description = "Port of the loops' router (default: ${DEFAULT-VALUE}).")
    int routerPort = AgentConfig.defaults().listen().routerPort();

    @Option(names = "--api-port", paramLabel = "N", description = "Port of the control API (default: ${DEFAULT-VALUE}).")
    int apiPort = AgentConfig.defaults().listen().apiPort();

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address the router and the API listen on (default: ${DEFAULT-VALUE}).")
    String bind = AgentConfig.defaults().listen().bind();

    @Option(names = "--force", description = "Replace the configuration, token and certificate of an existing home.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            AgentHomeInitializer.Result result =
                    AgentHomeInitializer.initialize(new AgentHome(home), bind, routerPort, apiPort, force);
            out.println("Initialised agent home " + result.home().root());
            out.println("  API URL        " + result.apiUri());
            out.println("  token file     " + result.tokenFile() + " (readable by its owner only)");
            out.println("  fingerprint    " + result.fingerprint());
            out.println("  configuration  " + result.home().configFile());
            out.println("Start the agent with: openclaw-agent serve --home " + result.home().root());
            out.flush();
            return ExitCodes.SUCCESS;
        } catch (AgentHomeInitializer.HomeExistsException | IllegalArgumentException e) {
            return error(e.getMessage(), ExitCodes.USAGE);
        } catch (Exception e) {
            if (DiskFullException.isDiskFull(e)) {
                return error(DiskFullException.REASON_PREFIX + ": cannot create the agent home " + home + " ("
                        + e.getMessage() + ")", ExitCodes.DISK_FULL);
            }
            return error(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), ExitCodes.ERROR);
        }
    }

    private int error(String message, int code) {
        spec.commandLine().getErr().println("openclaw-agent: error: " + message);
        spec.commandLine().getErr().flush();
        return code;
    }
}
