package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.agent.api.ApiToken;
import io.openclaw.deploy.agent.api.ControlServer;
import io.openclaw.deploy.agent.config.AgentConfig;
import io.openclaw.deploy.agent.config.AgentConfigLoader;
import io.openclaw.deploy.agent.config.AgentHome;
import io.openclaw.deploy.agent.runtime.AgentRuntime;
import io.openclaw.deploy.agent.tls.TlsIdentity;
import io.openclaw.deploy.agent.tls.TlsIdentityStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the agent in the foreground until it is stopped (Ctrl-C, SIGTERM, or the service manager). */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the agent in the foreground: the router, the control API and the loops of the current release.",
            "",
            "On start it adopts loops a previous agent process left running and restores the release an interrupted"
                    + " deployment was replacing. Ctrl-C or SIGTERM stops it gracefully: the router stops, then every"
                    + " loop is asked to exit. If the agent is killed instead, the loops keep running and the next"
                    + " start adopts them.",
        },
        footer = {"", "Example:", "  openclaw-agent init --home /opt/openclaw && openclaw-agent serve --home /opt/openclaw"})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--home", required = true, paramLabel = "DIR", description = "Agent home created by 'init'.")
    Path home;

    @Override
    public Integer call() throws Exception {
        AgentHome agentHome = new AgentHome(home);
        if (!Files.isRegularFile(agentHome.configFile())) {
            throw new ParameterException(spec.commandLine(), "no agent home at " + agentHome.root() + " (missing "
                    + agentHome.configFile() + "); create it with: openclaw-agent init --home " + home);
        }
        // Before the first logger exists: the agent logs to HOME/logs as well as to the console.
        System.setProperty("openclaw.log.dir", agentHome.logs().toString());
        System.setProperty("logback.configurationFile", "logback-agent.xml");

        AgentConfig config = AgentConfigLoader.load(agentHome.configFile());
        TlsIdentity tls = TlsIdentityStore.load(agentHome);
        ApiToken token = ApiToken.load(agentHome.tokenFile());
        AgentRuntime runtime = AgentRuntime.start(agentHome, config, tls.fingerprint(), AgentVersion.current(),
                Clock.systemUTC());
        ControlServer api;
        try {
            api = new ControlServer(config.listen().bind(), config.listen().apiPort(), tls, token, runtime.operations())
                    .withFlags(runtime.flags())
                    .start();
        } catch (Exception e) {
            runtime.close();
            throw e;
        }
        runtime.closeWith(api);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "agent-shutdown"));
        System.out.println("openclaw-agent ready: router=http://" + config.listen().bind() + ":" + runtime.routerPort()
                + " api=" + api.baseUri() + " fingerprint=" + tls.fingerprint() + " pid=" + ProcessHandle.current().pid());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
