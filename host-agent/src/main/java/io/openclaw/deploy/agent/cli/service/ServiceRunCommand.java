package io.openclaw.deploy.agent.cli.service;

import io.openclaw.deploy.agent.cli.AgentProcess;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentConfigLoader;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.platform.Platform;
import io.openclaw.deploy.agent.service.AgentStarter;
import io.openclaw.deploy.agent.service.ServiceEvents;
import io.openclaw.deploy.agent.service.ServiceExitCode;
import io.openclaw.deploy.agent.service.ServiceLifecycle;
import io.openclaw.deploy.agent.service.ServiceTiming;
import io.openclaw.deploy.agent.service.StatusReporter;
import io.openclaw.deploy.agent.service.windows.WindowsEventLog;
import io.openclaw.deploy.agent.service.windows.WindowsServiceHost;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "The service's own entry point (the command line 'service install' registers): connects to the Service"
                    + " Control Manager at once, reports START_PENDING while the agent starts, RUNNING when it serves,"
                    + " and stops gracefully on STOP, SHUTDOWN or PRESHUTDOWN.",
            "Started from a console (or on Linux) it runs the same lifecycle in the foreground until Ctrl-C / SIGTERM.",
        })
public final class ServiceRunCommand implements Callable<Integer> {
    @Mixin
    ServiceTarget target;

    @Option(names = "--home", required = true, paramLabel = "DIR", description = "Agent home created by 'init'.")
    Path home;

    @Override
    public Integer call() {
        AgentHome agentHome = new AgentHome(home);
        AgentProcess.configureLogging(agentHome); // cheap, and must precede the first logger
        Platform platform = Platform.current();
        AgentStarter starter = () -> AgentProcess.start(agentHome, platform);
        if (ServiceTarget.windows()) {
            ServiceEvents events = new WindowsEventLog(target.name());
            // Nothing heavy before the dispatcher: the SCM waits only 30 s for it. Config is read inside ServiceMain.
            WindowsServiceHost host = new WindowsServiceHost(target.name(),
                    scm -> new ServiceLifecycle(scm, events, timing(agentHome)), starter);
            if (host.dispatch() == WindowsServiceHost.Outcome.RAN) {
                return host.exitCode().code();
            }
        }
        return runInForeground(starter, timing(agentHome));
    }

    /** Outside the SCM: the same lifecycle, stopped by Ctrl-C / SIGTERM; statuses go to the log only. */
    static int runInForeground(AgentStarter starter, ServiceTiming timing) {
        StatusReporter toLog = status -> LoggerFactory.getLogger(ServiceRunCommand.class)
                .info("service status {} (check point {})", status.state(), status.checkPoint());
        ServiceLifecycle lifecycle = new ServiceLifecycle(toLog, ServiceEvents.NONE, timing);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            lifecycle.requestStop();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "service-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            ServiceExitCode exit = lifecycle.run(starter);
            return exit.code();
        } finally {
            finished.countDown();
        }
    }

    private static ServiceTiming timing(AgentHome home) {
        AgentConfig.Supervision supervision;
        try {
            supervision = AgentConfigLoader.load(home.configFile()).supervision();
        } catch (Exception e) {
            supervision = AgentConfig.defaults().supervision(); // the start itself reports the bad config
        }
        return ServiceTiming.forAgent(supervision.drainTimeout(), supervision.stopTimeout());
    }
}
