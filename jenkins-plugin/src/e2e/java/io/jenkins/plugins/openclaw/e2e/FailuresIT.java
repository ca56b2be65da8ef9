package io.jenkins.plugins.openclaw.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.protocol.AgentClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a user sees when a deployment goes wrong: a release that never turns healthy is rolled back by the agent and
 * the build fails (or, with {@code propagate: false}, the script gets the result); an unreachable agent, a wrong token
 * and a wrong certificate fingerprint fail the step with one clear line and deploy nothing, and leave no badge.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailuresIT extends AgentInJenkins {
    private static final String AGENT = "failures-e2e";
    private static final Duration BUILD = Duration.ofMinutes(5);

    FailuresIT() {
        super(AGENT);
    }

    /** Its unhealthy releases are given up on (and rolled back) after 20 s; each of its releases is one loop. */
    @Override
    Duration startTimeout() {
        return Duration.ofSeconds(20);
    }


    @BeforeAll
    void prepare() throws Exception {
        OpenClawSetup.secretText(admin, "wrong-token", "not-the-token", "GLOBAL");
        OpenClawSetup.agent(admin, "wrong-token-e2e", agent.url.toString(), agent.fingerprint, "wrong-token");
        OpenClawSetup.agent(admin, "wrong-fingerprint-e2e", agent.url.toString(), "ab".repeat(32), AGENT + "-token");
        OpenClawSetup.agent(admin, "unreachable-e2e", "https://127.0.0.1:" + closedPort(), agent.fingerprint,
                AGENT + "-token");
        deploy("failures-baseline", AGENT, Releases.watchedLoopOnly(releases, "1.0.0"), "1.0.0", "");
    }


    @Test
    @Order(1)
    void anUnhealthyReleaseIsRolledBackAndFailsTheBuildWithTheAgentsReason() throws Exception {
        String job = "unhealthy";
        int n = deploy(job, AGENT, Releases.unhealthy(releases, "1.1.0"), "1.1.0", "");

        assertThat(admin.awaitResult(job, n, BUILD)).isEqualTo("FAILURE");
        String log = admin.console(job, n);
        assertThat(log).containsPattern("ERROR: OpenClaw deployment \\S+ of version 1.1.0 on agent " + AGENT
                + " was rolled back: .+");
        String page = PageText.of(admin.get("job/" + job + "/" + n + "/").body());
        assertThat(page).contains("deploy 1.1.0, rolled back", "Outcome rolled back (ROLLED_BACK)", "Reason ");
        assertThat(Releases.served(agent, "gmail_processor")).isEqualTo("1.0.0");
    }

    @Test
    @Order(2)
    void withPropagateFalseTheScriptGetsTheRolledBackResult() throws Exception {
        String job = "unhealthy-no-propagate";
        int n = deploy(job, AGENT, Releases.unhealthy(releases, "1.1.1"), "1.1.1", ", propagate: false");

        assertThat(admin.awaitResult(job, n, BUILD)).isEqualTo("SUCCESS");
        assertThat(admin.console(job, n)).contains("RESULT ROLLED_BACK 1.1.1");
    }

    @Test
    @Order(3)
    void aWrongTokenAFingerprintThatDoesNotMatchAndAnUnreachableAgentFailWithOneLineAndDeployNothing()
            throws Exception {
        int deploymentsBefore = deployments();
        for (String bad : List.of("wrong-token-e2e", "wrong-fingerprint-e2e", "unreachable-e2e")) {
            String job = "bad-" + bad;
            int n = deploy(job, bad, Releases.watchedLoopOnly(releases, "2.0.0"), "2.0.0", "");

            assertThat(admin.awaitResult(job, n, BUILD)).as(bad).isEqualTo("FAILURE");
            String log = admin.console(job, n);
            List<String> errors = log.lines().filter(l -> l.startsWith("ERROR: ")).toList();
            assertThat(errors).as(bad + ": one error line\n" + log).hasSize(1);
            assertThat(errors.get(0)).as(bad).contains(bad);
            assertThat(log).as(bad + ": no stack trace").doesNotContain("\tat ");
            String page = PageText.of(admin.get("job/" + job + "/" + n + "/").body());
            assertThat(page).as(bad + ": no deployment record").doesNotContain("OpenClaw deployment on");
        }
        assertThat(deployments()).as("nothing deployed").isEqualTo(deploymentsBefore);
        assertThat(Releases.served(agent, "gmail_processor")).isEqualTo("1.0.0");
    }

    private int deployments() throws Exception {
        try (AgentClient client = agent.client()) {
            return client.deployments().size();
        }
    }

    private int deploy(String job, String agentName, Path release, String version, String extra) throws Exception {
        admin.createPipeline(job, """
                node {
                  sh "cp %s release.zip"
                  def r = openclawDeploy agent: '%s', artifact: 'release.zip', version: '%s', strategy: 'blue-green', timeoutMinutes: 10%s
                  echo "RESULT ${r.state} ${r.version}"
                }
                """.formatted(Releases.groovy(release), agentName, version, extra));
        int n = admin.build(job);
        if (job.equals("failures-baseline")) {
            assertThat(admin.awaitResult(job, n, BUILD)).isEqualTo("SUCCESS");
        }
        return n;
    }

    private static int closedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
