package io.openclaw.deploy.agent.cli.service;

import io.openclaw.deploy.agent.platform.OperatingSystem;
import io.openclaw.deploy.agent.service.ServiceCommandException;
import io.openclaw.deploy.agent.service.ServiceDefinition;
import io.openclaw.deploy.agent.service.ServiceManager;
import io.openclaw.deploy.agent.service.systemd.SystemdServiceManager;
import io.openclaw.deploy.agent.service.windows.ScmServiceManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Options every service command shares: which service, and which service manager. */
final class ServiceTarget {
    @Option(names = "--name", paramLabel = "NAME",
            description = "Service name (default: OpenClawAgent on Windows, openclaw-agent under systemd).")
    String name;

    @Option(names = "--unit-dir", paramLabel = "DIR", hidden = true,
            description = "Directory of systemd units (default: /etc/systemd/system).")
    Path unitDirectory = SystemdServiceManager.SYSTEM_UNITS;

    static boolean windows() {
        return OperatingSystem.current() == OperatingSystem.WINDOWS;
    }

    String name() {
        return name != null ? name : windows() ? ServiceDefinition.NAME : "openclaw-agent";
    }

    ServiceManager manager() {
        return manager(true);
    }

    /** @param grantLogonRight Windows: grant a user account "Log on as a service" at install */
    ServiceManager manager(boolean grantLogonRight) {
        return windows() ? new ScmServiceManager(grantLogonRight) : new SystemdServiceManager(unitDirectory);
    }

    /** One request to the service manager about this service. */
    @FunctionalInterface
    interface Request {
        void send(ServiceManager manager, String serviceName) throws ServiceCommandException;
    }

    /** Sends {@code request}: {@code done} on standard output and 0, or the error with its hint and exit status. */
    int perform(CommandSpec spec, Request request, String done) {
        try {
            request.send(manager(), name());
        } catch (ServiceCommandException e) {
            return report(spec.commandLine().getErr(), e);
        }
        spec.commandLine().getOut().println(done);
        return 0;
    }

    /** Prints the error with its hint and returns its exit status. */
    static int report(PrintWriter err, ServiceCommandException e) {
        err.println("openclaw-agent: error: " + e.getMessage());
        err.println("  " + e.kind().hint());
        err.flush();
        return e.kind().exitCode();
    }
}
