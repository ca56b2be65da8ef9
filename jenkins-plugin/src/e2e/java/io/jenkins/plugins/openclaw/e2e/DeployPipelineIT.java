package io.jenkins.plugins.openclaw.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.Deployment;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code openclawDeploy} in the kit's Jenkins with the {@code .hpi} under test, against a real agent running the
 * sample app: outside {@code node} from an archived artifact (no executor busy while it follows) and inside
 * {@code node}; the build log shows the phases; the build and job pages show the badge and the summary, with the
 * agent's verification checklist.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployPipelineIT extends AgentInJenkins {
    private static final String AGENT = "deploy-e2e";
    private static final Duration BUILD = Duration.ofMinutes(5);

    DeployPipelineIT() {
        super(AGENT);
    }




    @Test
    @Order(1)
    void insideNodeDeploysTheWorkspaceFileBlueGreen() throws Exception {
        Path release = Releases.version(releases, "1.0.0");
        admin.createPipeline("inside-node", """
                node {
                  sh "cp %s release.zip"
                  def r = openclawDeploy agent: '%s', artifact: 'release.zip', version: '1.0.0', strategy: 'blue-green', timeoutMinutes: 10
                  echo "RESULT ${r.state} ${r.version}"
                }
                """.formatted(Releases.groovy(release), AGENT));
        int n = admin.build("inside-node");

        assertThat(admin.awaitResult("inside-node", n, BUILD)).isEqualTo("SUCCESS");
        String log = admin.console("inside-node", n);
        assertThat(log).contains("workspace file release.zip: sha256 ", "RESULT SUCCEEDED 1.0.0");
        assertThat(Releases.served(agent, "gmail_processor")).isEqualTo("1.0.0");
    }

    @Test
    @Order(2)
    void outsideNodeDeploysTheArchivedArtifactWithoutHoldingAnExecutor() throws Exception {
        Path release = Releases.version(releases, "1.1.0");
        admin.createPipeline("outside-node", """
                node {
                  sh "cp %s release.zip"
                  archiveArtifacts artifacts: 'release.zip'
                }
                def r = openclawDeploy agent: '%s', artifact: 'release.zip', version: '1.1.0', strategy: 'canary', loops: ['gmail_processor'], timeoutMinutes: 10
                echo "RESULT ${r.state} ${r.version} ${r.previousVersion}"
                """.formatted(Releases.groovy(release), AGENT));
        int n = admin.build("outside-node");

        // The canary holds its first phase (minutes by default) until promoted: the build follows it meanwhile.
        Deployment canary = awaitRunningDeployment();
        Awaitility.await("the build page shows the canary's first phase").atMost(BUILD).until(() ->
                PageText.of(admin.get("job/outside-node/" + n + "/").body()).contains("canary 5% running"));
        assertThat(admin.console("outside-node", n)).contains("deployment " + canary.id() + " of version 1.1.0 accepted");
        assertThat(admin.busyExecutors()).as("executors busy while the deployment is followed").isZero();
        assertThat(PageText.of(admin.get("job/outside-node/" + n + "/").body())).contains("deploy 1.1.0, running");

        try (AgentClient client = agent.client()) {
            client.promote(canary.id());
        }
        assertThat(admin.awaitResult("outside-node", n, BUILD)).isEqualTo("SUCCESS");
        String log = admin.console("outside-node", n);
        assertThat(log).contains("archived artifact release.zip: sha256 ", "RESULT SUCCEEDED 1.1.0 1.0.0");
        assertThat(log.lines().filter(l -> l.startsWith("[openclaw]")))
                .as("the plugin's lines never name the controller's files")
                .noneMatch(l -> l.contains(jenkins.home().toString()));
        assertThat(Releases.served(agent, "gmail_processor")).isEqualTo("1.1.0");

        String build = PageText.of(admin.get("job/outside-node/" + n + "/").body());
        assertThat(build).contains("OpenClaw deployment on " + AGENT, "Version 1.1.0", "Previous version 1.0.0",
                "Strategy canary", "Outcome succeeded (SUCCEEDED)", "gmail_processor");
        assertThat(build).containsPattern("Traffic switch [0-9.]+ ms");
        // The agent's verification report (spec 10.2) of this deployment, as the checklist of the summary.
        assertThat(build).contains("Verification passed", "\u2714 Service health endpoint returns 200 HTTP 200",
                "\u2714 All agent loops responding 15/15 loops responding",
                "\u2714 Databases and external services reachable none declared", "Log output normal",
                "Metrics flowing to monitoring");
        assertThat(build).containsPattern("(\u2714|!) CPU usage < 60 % instances together [0-9.]+ %");
        String job = PageText.of(admin.get("job/outside-node/").body());
        assertThat(job).contains("Latest OpenClaw deployments", "1.1.0");
    }

    private Deployment awaitRunningDeployment() {
        Deployment[] running = new Deployment[1];
        Awaitility.await("a running deployment on the agent").atMost(BUILD).ignoreExceptions().until(() -> {
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
