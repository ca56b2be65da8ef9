package io.jenkins.plugins.openclaw.e2e;

import io.jenkins.plugins.openclaw.RealAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What every e2e class starts from: the shared kit Jenkins, an administrator's session with it, and a real agent of
 * its own for the sample app, registered in Jenkins under the class's agent name (with a GLOBAL Secret Text
 * credential {@code <name>-token}); the agent and its loops are stopped after the class. A class that looks at the
 * pages of the whole app deploys all of it ({@link Releases#version}); the others deploy the one loop they watch
 * ({@link Releases#watchedLoopOnly}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgentInJenkins {
    final String agentName;
    KitJenkins jenkins;
    JenkinsHttp admin;
    RealAgent agent;
    /** Where the class writes its versions of the sample release. */
    Path releases;

    AgentInJenkins(String agentName) {
        this.agentName = agentName;
    }

    @BeforeAll
    void startAgentAndRegisterIt() throws Exception {
        jenkins = SharedJenkins.get();
        admin = JenkinsHttp.admin(jenkins);
        releases = Files.createTempDirectory("openclaw-e2e-releases");
        agent = RealAgent.start(Files.createTempDirectory("openclaw-e2e-agent"), startTimeout());
        OpenClawSetup.agent(admin, agentName, agent);
    }

    /**
     * How long a loop process may take to turn healthy: the shipped minute. The sample app's 16 processes starting at
     * once on a loaded 2-core machine took over 20 s (deployments of PagesInBrowserIT and FailuresIT were rolled back
     * for it); a healthy deployment ends as soon as they are healthy, whatever this is.
     */
    Duration startTimeout() {
        return Duration.ofSeconds(60);
    }

    @AfterAll
    void stopAgent() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }
}
