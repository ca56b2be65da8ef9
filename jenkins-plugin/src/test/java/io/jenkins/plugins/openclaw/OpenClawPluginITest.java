package io.jenkins.plugins.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Result;
import hudson.util.Secret;
import io.openclaw.deploy.protocol.AgentClient;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.awaitility.Awaitility;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The plugin in a real Jenkins against a real agent on loopback deploying the sample app. Runs with
 * {@code mvn -B verify -Pjenkins} only (needs the Jenkins test harness).
 */
@WithJenkins
class OpenClawPluginITest {
    @TempDir
    Path tmp;

    private JenkinsRule j;
    private RealAgent agent;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        agent = RealAgent.start(tmp.resolve("agent-home"));
        SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "agent-token", "OpenClaw agent token", Secret.fromString(agent.token)));
        SystemCredentialsProvider.getInstance().save();
        OpenClawGlobalConfiguration.get().setAgents(List.of(
                new ConfiguredAgent("local", agent.url.toString(), agent.fingerprint, "agent-token")));
    }

    @AfterEach
    void stopAgent() throws Exception {
        agent.close();
    }

    private WorkflowRun deployBuild(String name, Path release, String version, Result expected) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, name);
        Path workspaceCopy = tmp.resolve(name + ".zip");
        Files.copy(release, workspaceCopy);
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  writeFile file: 'marker.txt', text: 'x'\n"
                        + "  def r = openclawDeploy agent: 'local', artifact: '" + workspaceCopy.toString().replace("\\", "/")
                        + "', version: '" + version + "', strategy: 'blue-green', timeoutMinutes: 10\n"
                        + "  echo \"RESULT ${r.state} ${r.version} ${r.previousVersion}\"\n"
                        + "}",
                true));
        return j.buildAndAssertStatus(expected, p);
    }

    @Test
    void pipelineDeploysTheSampleAppAndShowsBadgeAndSummary() throws Exception {
        WorkflowRun b = deployBuild("deploy", RealAgent.sampleRelease(), "1.0.0", Result.SUCCESS);

        j.assertLogContains("RESULT SUCCEEDED 1.0.0", b);
        j.assertLogContains("[openclaw] ", b);
        OpenClawDeploymentAction action = b.getAction(OpenClawDeploymentAction.class);
        assertThat(action.getRecord().getState()).isEqualTo("SUCCEEDED");
        assertThat(action.getBadgeTooltip()).contains("succeeded").contains("1.0.0");
        assertThat(b.getBadgeActions()).contains(action);
        try (AgentClient c = agent.client()) {
            assertThat(c.status().release()).isEqualTo("1.0.0");
        }
        HtmlPage page = j.createWebClient().getPage(b);
        assertThat(page.asNormalizedText()).contains("OpenClaw deployment on local").contains("1.0.0");
    }

    @Test
    void anUnhealthyReleaseFailsTheBuildWithTheAgentsReason() throws Exception {
        deployBuild("good", RealAgent.sampleRelease(), "1.0.0", Result.SUCCESS);
        Path bad = TestReleases.variant(RealAgent.sampleRelease(), tmp.resolve("bad.zip"), "2.0.0",
                Map.of("SAMPLE_FAIL_HEALTH", "true"));

        WorkflowRun b = deployBuild("bad", bad, "2.0.0", Result.FAILURE);

        j.assertLogContains("of version 2.0.0 on agent local", b);
        String state = b.getAction(OpenClawDeploymentAction.class).getRecord().getState();
        assertThat(state).isIn("ROLLED_BACK", "FAILED");
        j.assertLogContains(state.equals("ROLLED_BACK") ? "was rolled back: " : "failed: ", b);
        try (AgentClient c = agent.client()) {
            assertThat(c.status().release()).isEqualTo("1.0.0");
        }
    }

    @Test
    void rollBackPostNeedsPermissionAndCrumbAndThenReturnsTheAgentToThePreviousRelease() throws Exception {
        deployBuild("v1", RealAgent.sampleRelease(), "1.0.0", Result.SUCCESS);
        Path v2 = TestReleases.variant(RealAgent.sampleRelease(), tmp.resolve("v2.zip"), "2.0.0", Map.of());
        WorkflowRun b = deployBuild("v2", v2, "2.0.0", Result.SUCCESS);
        OpenClawDeploymentAction action = b.getAction(OpenClawDeploymentAction.class);
        assertThat(action.getRecord().getPreviousVersion()).isEqualTo("1.0.0");

        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ).everywhere().to("viewer")
                .grant(Jenkins.READ, Item.READ, Item.BUILD).everywhere().to("deployer"));
        URL rollback = new URL(j.getURL(), b.getUrl() + action.getUrlName() + "/rollback");

        JenkinsRule.WebClient viewer = j.createWebClient().login("viewer");
        viewer.setThrowExceptionOnFailingStatusCode(false);
        Page refused = viewer.getPage(viewer.addCrumb(new WebRequest(rollback, HttpMethod.POST)));
        assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(403);
        assertThat(viewer.goTo(b.getUrl()).asNormalizedText()).doesNotContain("Roll back to 1.0.0");

        JenkinsRule.WebClient deployer = j.createWebClient().login("deployer");
        deployer.setThrowExceptionOnFailingStatusCode(false);
        Page noCrumb = deployer.getPage(new WebRequest(rollback, HttpMethod.POST));
        assertThat(noCrumb.getWebResponse().getStatusCode()).isEqualTo(403);
        Page get = deployer.getPage(new WebRequest(rollback, HttpMethod.GET));
        assertThat(get.getWebResponse().getStatusCode()).isEqualTo(405);
        try (AgentClient c = agent.client()) {
            assertThat(c.status().release()).isEqualTo("2.0.0");
        }
        assertThat(deployer.goTo(b.getUrl()).asNormalizedText()).contains("Roll back to 1.0.0");

        Page done = deployer.getPage(deployer.addCrumb(new WebRequest(rollback, HttpMethod.POST)));

        assertThat(done.getWebResponse().getStatusCode()).isEqualTo(200);
        assertThat(action.getRecord().getRollbacks()).singleElement().satisfies(n -> {
            assertThat(n.getUser()).isEqualTo("deployer");
            assertThat(n.isAccepted()).isTrue();
        });
        Awaitility.await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            try (AgentClient c = agent.client()) {
                assertThat(c.status().release()).isEqualTo("1.0.0");
            }
        });
        try (AgentClient c = agent.client()) {
            assertThat(c.deployments().get(0).reason()).contains("deployer");
        }
    }

    @Test
    void outsideNodeTheStepDeploysTheArchivedArtifactWithoutHoldingAnExecutor() throws Exception {
        // Slow-starting loops keep the deployment running long enough to look at the executors.
        Path slow = TestReleases.variant(RealAgent.sampleRelease(), tmp.resolve("slow.zip"), "5.0.0",
                Map.of("SAMPLE_STARTUP_MS", "4000"));
        WorkflowJob p = j.createProject(WorkflowJob.class, "outside");
        FilePath workspace = j.jenkins.getWorkspaceFor(p);
        workspace.child("dist/openclaw.zip").copyFrom(new FilePath(slow.toFile()));
        p.setDefinition(new CpsFlowDefinition(
                "node { archiveArtifacts artifacts: 'dist/openclaw.zip' }\n"
                        + "def r = openclawDeploy agent: 'local', artifact: 'dist/openclaw.zip', strategy: 'blue-green',"
                        + " timeoutMinutes: 10\n"
                        + "echo \"RESULT ${r.state} ${r.version}\"",
                true));

        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("accepted (strategy", b);

        assertThat(b.isBuilding()).isTrue();
        assertThat(j.jenkins.toComputer().countBusy()).as("no executor is held while the deployment runs").isZero();
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("archived artifact dist/openclaw.zip: sha256", b);
        j.assertLogContains("RESULT SUCCEEDED 5.0.0", b);
        try (AgentClient c = agent.client()) {
            assertThat(c.status().release()).isEqualTo("5.0.0");
        }
    }

    @Test
    void outsideNodeAnArtifactThatWasNotArchivedFailsNamingWhereItLooked() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "missing");
        p.setDefinition(new CpsFlowDefinition(
                "openclawDeploy agent: 'local', artifact: 'dist/missing.zip'", true));

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("Artifact dist/missing.zip is not among the artifacts archived by", b);
        j.assertLogContains("dist/missing.zip)", b);
        try (AgentClient c = agent.client()) {
            assertThat(c.deployments()).isEmpty();
        }
    }

    @Test
    void flagStepChangesTheFlagRecordsItOnTheBuildAndFailsWithTheAgentsMessage() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "flags");
        p.setDefinition(new CpsFlowDefinition(
                "def f = openclawFlag agent: 'local', name: 'new_voice_model', enabled: true, rolloutPercentage: 25,\n"
                        + "    rules: [[name: 'Beta users', action: 'enable',\n"
                        + "             conditions: [[property: 'user_tier', operator: 'equals', value: 'beta']]]]\n"
                        + "echo \"FLAG ${f.name} enabled=${f.enabled} at ${f.rolloutPercentage}\"\n"
                        + "openclawFlag agent: 'local', name: 'new_voice_model', rolloutPercentage: 12.5\n",
                true));

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("FLAG new_voice_model enabled=true at 25", b);
        OpenClawFlagsAction action = b.getAction(OpenClawFlagsAction.class);
        assertThat(action.getChanges()).hasSize(2);
        assertThat(action.getChanges().get(1).getRolloutPercentage()).isEqualByComparingTo("12.5");
        try (AgentClient c = agent.client()) {
            assertThat(c.flag("new_voice_model").get("flag").get("rules")).hasSize(1);
        }
        assertThat(j.createWebClient().getPage(b).asNormalizedText())
                .contains("OpenClaw feature flags changed by this build").contains("new_voice_model");

        WorkflowJob bad = j.createProject(WorkflowJob.class, "bad-flag");
        bad.setDefinition(new CpsFlowDefinition(
                "openclawFlag agent: 'local', name: 'new_voice_model',\n"
                        + "    rules: [[action: 'enable', conditions: [[property: 'p', operator: 'like', value: 'x']]]]",
                true));
        WorkflowRun refused = j.buildAndAssertStatus(Result.FAILURE, bad);

        j.assertLogContains("agent local refused the change to flag 'new_voice_model'", refused);
        j.assertLogContains("rules[0].conditions[0].operator", refused);
        assertThat(refused.getAction(OpenClawFlagsAction.class)).isNull();
    }

    @Test
    void globalConfigurationRoundTripsThroughTheForm() throws Exception {
        j.submit(j.createWebClient().goTo("configure").getFormByName("config"));

        List<ConfiguredAgent> agents = OpenClawGlobalConfiguration.get().getAgents();
        assertThat(agents).singleElement().satisfies(a -> {
            assertThat(a.getName()).isEqualTo("local");
            assertThat(a.getUrl()).isEqualTo(agent.url.toString());
            assertThat(a.getFingerprint()).isEqualTo(agent.fingerprint);
            assertThat(a.getCredentialsId()).isEqualTo("agent-token");
        });
    }
}
