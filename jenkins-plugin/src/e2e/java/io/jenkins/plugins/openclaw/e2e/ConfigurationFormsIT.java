package io.jenkins.plugins.openclaw.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.openclaw.RealAgent;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The forms behind the configuration and the Snippet Generator, called as the browser calls them: the credential
 * list and "Test connection" of the agent configuration (a SYSTEM-scoped credential, which jobs cannot see, is
 * neither offered nor accepted), and each step's form turned into Pipeline script.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigurationFormsIT {
    private static final String AGENT_CONFIG = "descriptorByName/io.jenkins.plugins.openclaw.ConfiguredAgent/";

    private JenkinsHttp admin;
    private RealAgent agent;

    @BeforeAll
    void start() throws Exception {
        admin = JenkinsHttp.admin(SharedJenkins.get());
        agent = RealAgent.start(Files.createTempDirectory("openclaw-e2e-agent"));
        OpenClawSetup.secretText(admin, "forms-global-token", agent.token, "GLOBAL");
        OpenClawSetup.secretText(admin, "forms-system-token", agent.token, "SYSTEM");
    }

    @AfterAll
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void theSystemConfigurationRendersThePluginsSection() throws Exception {
        JenkinsHttp.Answer configure = admin.get("manage/configure");
        assertThat(configure.status()).as(configure.toString()).isEqualTo(200);
        assertThat(PageText.of(configure.body())).contains("OpenClaw Deploy", "Agents", "API token credential",
                "Certificate SHA-256 fingerprint");
        assertThat(SharedJenkins.get().logText().lines()
                .filter(l -> l.contains("openclaw") && (l.contains("SEVERE") || l.contains("JellyException")
                        || l.contains("SAXParseException"))))
                .as("errors of the plugin's views in the Jenkins log").isEmpty();
    }

    @Test
    void theCredentialListOffersOnlyCredentialsThatJobsCanUse() throws Exception {
        JenkinsHttp.Answer items = admin.post(AGENT_CONFIG + "fillCredentialsIdItems", Map.of("credentialsId", ""));
        assertThat(items.status()).as(items.toString()).isEqualTo(200);
        assertThat(items.body()).contains("forms-global-token").doesNotContain("forms-system-token");
    }

    @Test
    void testConnectionConnectsWithAGlobalTokenAndRefusesASystemOneSayingWhy() throws Exception {
        String global = PageText.of(testConnection("forms-global-token").body());
        assertThat(global).startsWith("Connected: agent ");

        String system = PageText.of(testConnection("forms-system-token").body());
        assertThat(system).contains("forms-system-token has scope System", "Give it scope Global");
    }

    @Test
    void testConnectionNamesAWrongFingerprint() throws Exception {
        JenkinsHttp.Answer a = admin.post(AGENT_CONFIG + "testConnection", Map.of(
                "url", agent.url.toString(), "fingerprint", "ab".repeat(32), "credentialsId", "forms-global-token"));
        assertThat(PageText.of(a.body())).startsWith("Connection failed:").containsIgnoringCase("fingerprint");
    }

    @Test
    void eachStepsSnippetGeneratorFormBecomesTheScriptItDescribes() throws Exception {
        assertThat(snippet("""
                {"stapler-class": "io.jenkins.plugins.openclaw.OpenClawDeployStep",
                 "agent": "win-prod-01", "artifact": "dist/openclaw-1.4.2.zip", "version": "1.4.2",
                 "strategy": "canary", "loops": "gmail_processor\\ntts_engine\\n", "timeoutMinutes": "90",
                 "propagate": false}
                """)).isEqualTo("openclawDeploy agent: 'win-prod-01', artifact: 'dist/openclaw-1.4.2.zip', "
                + "loops: ['gmail_processor', 'tts_engine'], propagate: false, strategy: 'canary', timeoutMinutes: 90, "
                + "version: '1.4.2'");
        assertThat(snippet("""
                {"stapler-class": "io.jenkins.plugins.openclaw.OpenClawRollbackStep",
                 "agent": "win-prod-01", "toVersion": "1.4.1", "reason": "errors in gmail", "timeoutMinutes": "45",
                 "propagate": true}
                """)).isEqualTo("openclawRollback agent: 'win-prod-01', reason: 'errors in gmail', timeoutMinutes: 45, "
                + "toVersion: '1.4.1'");
        assertThat(snippet("""
                {"stapler-class": "io.jenkins.plugins.openclaw.OpenClawRollbackStep",
                 "agent": "win-prod-01", "toVersion": "", "reason": "", "timeoutMinutes": "30", "propagate": true}
                """)).as("empty fields are left out").isEqualTo("openclawRollback 'win-prod-01'");
        assertThat(snippet("""
                {"stapler-class": "io.jenkins.plugins.openclaw.OpenClawStatusStep", "agent": "win-prod-01"}
                """)).isEqualTo("openclawStatus 'win-prod-01'");
        assertThat(snippet("""
                {"stapler-class": "io.jenkins.plugins.openclaw.OpenClawControlStep",
                 "agent": "win-prod-01", "action": "promote", "deploymentId": "", "reason": ""}
                """)).isEqualTo("openclawControl action: 'promote', agent: 'win-prod-01'");
    }

    private JenkinsHttp.Answer testConnection(String credentialsId) throws Exception {
        return admin.post(AGENT_CONFIG + "testConnection", Map.of(
                "url", agent.url.toString(), "fingerprint", agent.fingerprint, "credentialsId", credentialsId));
    }

    private String snippet(String json) throws Exception {
        JenkinsHttp.Answer a = admin.post("pipeline-syntax/generateSnippet", Map.of("json", json));
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        return a.body().strip();
    }
}
