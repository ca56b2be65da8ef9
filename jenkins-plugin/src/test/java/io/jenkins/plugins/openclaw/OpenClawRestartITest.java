package io.jenkins.plugins.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.util.Secret;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** openclawDeploy survives a controller restart: same deployment, log continued, one deployment on the agent. */
class OpenClawRestartITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    Path tmp;

    @Test
    void deploymentSurvivesAControllerRestart() throws Throwable {
        try (RealAgent agent = RealAgent.start(tmp.resolve("agent-home"))) {
            // Slow-starting loops keep the deployment running while Jenkins restarts.
            Path release = TestReleases.variant(RealAgent.sampleRelease(), tmp.resolve("slow.zip"), "3.0.0",
                    Map.of("SAMPLE_STARTUP_MS", "4000"));
            sessions.then(j -> {
                SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(
                        CredentialsScope.GLOBAL, "agent-token", "token", Secret.fromString(agent.token)));
                SystemCredentialsProvider.getInstance().save();
                OpenClawGlobalConfiguration.get().setAgents(List.of(
                        new ConfiguredAgent("local", agent.url.toString(), agent.fingerprint, "agent-token")));
                WorkflowJob p = j.createProject(WorkflowJob.class, "p");
                p.setDefinition(new CpsFlowDefinition(
                        "node { openclawDeploy agent: 'local', artifact: '"
                                + release.toString().replace("\\", "/") + "', timeoutMinutes: 10 }",
                        true));
                WorkflowRun b = p.scheduleBuild2(0).waitForStart();
                j.waitForMessage("accepted (strategy", b);
            });
            sessions.then(j -> {
                WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getLastBuild();
                j.assertBuildStatusSuccess(j.waitForCompletion(b));
                j.assertLogContains("re-attached to deployment", b);
                assertThat(b.getActions(OpenClawDeploymentAction.class)).singleElement()
                        .satisfies(a -> assertThat(a.getRecord().getState()).isEqualTo("SUCCEEDED"));
                try (var c = agent.client()) {
                    assertThat(c.deployments()).filteredOn(d -> "3.0.0".equals(d.version())).hasSize(1);
                }
            });
        }
    }
}
