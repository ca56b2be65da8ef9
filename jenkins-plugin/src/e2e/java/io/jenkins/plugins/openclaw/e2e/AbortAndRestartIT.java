package io.jenkins.plugins.openclaw.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.Deployment;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A long deployment and the build around it: aborting the build aborts the agent's deployment and the badge says so;
 * killing Jenkins (SIGKILL) while the step follows a canary and starting it again resumes the step on the same
 * deployment (never a second one), and the build ends with the deployment's real result.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbortAndRestartIT extends AgentInJenkins {
    private static final String AGENT = "long-e2e";
    private static final Duration BUILD = Duration.ofMinutes(5);

    AbortAndRestartIT() {
        super(AGENT);
    }


    @BeforeAll
    void prepare() throws Exception {
        admin.createPipeline("long-baseline", """
                node {
                  sh "cp %s release.zip"
                  openclawDeploy agent: '%s', artifact: 'release.zip', version: '1.0.0', strategy: 'blue-green', timeoutMinutes: 10
                }
                """.formatted(Releases.groovy(Releases.watchedLoopOnly(releases, "1.0.0")), AGENT));
        int n = admin.build("long-baseline");
        assertThat(admin.awaitResult("long-baseline", n, BUILD)).isEqualTo("SUCCESS");
    }


    @Test
    @Order(1)
    void abortingTheBuildAbortsTheAgentsDeploymentAndTheBadgeSaysAborted() throws Exception {
        String job = "aborted-canary";
        HeldCanary.createJob(admin, job, AGENT, Releases.watchedLoopOnly(releases, "1.1.0"), "1.1.0");
        int n = admin.build(job);
        Deployment canary = HeldCanary.awaitFirstPhase(admin, agent, job, n);

        JenkinsHttp.Answer stop = admin.post("job/" + job + "/" + n + "/stop", Map.of());
        assertThat(stop.status()).as(stop.toString()).isIn(200, 302);

        assertThat(admin.awaitResult(job, n, BUILD)).isEqualTo("ABORTED");
        Awaitility.await("the agent ends the aborted deployment").atMost(BUILD).ignoreExceptions().until(() -> {
            try (AgentClient client = agent.client()) {
                return client.deployment(canary.id()).state().isTerminal();
            }
        });
        try (AgentClient client = agent.client()) {
            assertThat(client.deployment(canary.id()).reason()).contains("aborted");
        }
        assertThat(Releases.served(agent, "gmail_processor")).isEqualTo("1.0.0");
        String page = PageText.of(admin.get("job/" + job + "/" + n + "/").body());
        assertThat(page).contains("deploy 1.1.0, aborted", "Outcome aborted (ABORTED)");
        assertThat(admin.console(job, n)).doesNotContain("lost the agent's event stream");
    }

    @Test
    @Order(2)
    void aHardKilledJenkinsResumesFollowingTheSameDeploymentAndEndsWithItsResult() throws Exception {
        String job = "canary-across-restart";
        HeldCanary.createJob(admin, job, AGENT, Releases.watchedLoopOnly(releases, "1.2.0"), "1.2.0");
        int n = admin.build(job);
        Deployment canary = HeldCanary.awaitFirstPhase(admin, agent, job, n);
        int deployments;
        try (AgentClient client = agent.client()) {
            deployments = client.deployments().size();
        }

        jenkins.kill();
        jenkins.start();
        admin = JenkinsHttp.admin(jenkins);

        Awaitility.await("the resumed step re-attaches").atMost(BUILD).ignoreExceptions()
                .until(() -> admin.console(job, n).contains("re-attached to deployment " + canary.id()));
        try (AgentClient client = agent.client()) {
            client.promote(canary.id());
        }
        assertThat(admin.awaitResult(job, n, BUILD)).isEqualTo("SUCCESS");
        assertThat(admin.console(job, n)).contains("RESULT SUCCEEDED 1.2.0");
        try (AgentClient client = agent.client()) {
            assertThat(client.deployments()).as("no second deployment").hasSize(deployments);
        }
        assertThat(Releases.served(agent, "gmail_processor")).isEqualTo("1.2.0");
        assertThat(PageText.of(admin.get("job/" + job + "/" + n + "/").body())).contains("deploy 1.2.0, succeeded");
    }
}
