package io.jenkins.plugins.openclaw.e2e;

import io.jenkins.plugins.openclaw.RealAgent;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.Deployment;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * A Pipeline whose {@code openclawDeploy} releases one loop as a canary: the canary holds its first phase (minutes by
 * default) until it is promoted or aborted, so a test can act on the build while the step follows it, whatever the
 * machine's speed.
 */
final class HeldCanary {
    private HeldCanary() {}

    static void createJob(JenkinsHttp admin, String job, String agent, Path release, String version)
            throws Exception {
        admin.createPipeline(job, """
                node {
                  sh "cp %s release.zip"
                  archiveArtifacts artifacts: 'release.zip'
                }
                def r = openclawDeploy agent: '%s', artifact: 'release.zip', version: '%s', strategy: 'canary', loops: ['gmail_processor'], timeoutMinutes: 30
                echo "RESULT ${r.state} ${r.version}"
                """.formatted(Releases.groovy(release), agent, version));
    }

    /** Waits until the build page shows the canary's first phase, and returns the agent's deployment. */
    static Deployment awaitFirstPhase(JenkinsHttp admin, RealAgent agent, String job, int build) {
        Awaitility.await(job + " #" + build + " shows the canary's first phase").atMost(Duration.ofMinutes(5))
                .ignoreExceptions()
                .until(() -> PageText.of(admin.get("job/" + job + "/" + build + "/").body())
                        .contains("canary 5% running"));
        Deployment[] running = new Deployment[1];
        Awaitility.await("the running deployment on the agent").atMost(Duration.ofMinutes(1)).ignoreExceptions()
                .until(() -> {
                    try (AgentClient client = agent.client()) {
                        running[0] = client.deployments().stream()
                                .filter(d -> d.state() != null && !d.state().isTerminal())
                                .findFirst().orElse(null);
                    }
                    return running[0] != null;
                });
        return running[0];
    }
}
