package io.jenkins.plugins.openclaw.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.openclaw.deploy.protocol.AgentClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code openclawStatus}, {@code openclawControl} (pause, resume, promote a canary that another branch of the same
 * Pipeline follows), {@code openclawRollback} and {@code openclawFlag}, in one Pipeline against a real agent.
 */
class OtherStepsIT extends AgentInJenkins {
    private static final String AGENT = "steps-e2e";
    private static final Duration BUILD = Duration.ofMinutes(6);

    OtherStepsIT() {
        super(AGENT);
    }




    @Test
    void statusControlRollbackAndFlagStepsDoWhatTheySayInAPipeline() throws Exception {
        Releases.watchedLoopOnly(releases, "1.0.0");
        Releases.watchedLoopOnly(releases, "1.1.0");
        admin.createPipeline("other-steps", """
                node {
                  sh "cp %1$s/openclaw-1.0.0.zip first.zip; cp %1$s/openclaw-1.1.0.zip second.zip"
                  archiveArtifacts artifacts: '*.zip'
                }
                openclawDeploy agent: '%2$s', artifact: 'first.zip', strategy: 'blue-green', timeoutMinutes: 10
                def before = openclawStatus agent: '%2$s'
                echo "STATUS release=${before.release} idle=${before.idle} healthy=${before.healthyInstances}"
                parallel(
                  deploy: {
                    def r = openclawDeploy agent: '%2$s', artifact: 'second.zip', strategy: 'canary', loops: ['gmail_processor'], timeoutMinutes: 20
                    echo "DEPLOY ${r.state} ${r.version}"
                  },
                  control: {
                    waitUntil { def s = openclawStatus(agent: '%2$s'); s.deployment != null && s.deployment.state == 'PROGRESSING' }
                    def paused = openclawControl agent: '%2$s', action: 'pause', reason: 'looking at the canary'
                    echo "PAUSED ${paused.state}"
                    def resumed = openclawControl agent: '%2$s', action: 'resume'
                    echo "RESUMED ${resumed.state}"
                    openclawControl agent: '%2$s', action: 'promote'
                  })
                def rb = openclawRollback agent: '%2$s', reason: 'back to the first release'
                echo "ROLLBACK ${rb.state} ${rb.version}"
                def f = openclawFlag agent: '%2$s', name: 'new_inbox', enabled: true, rolloutPercentage: 25, description: 'e2e'
                echo "FLAG ${f.name} revision ${f.revision}"
                """.formatted(releases.toAbsolutePath(), AGENT));
        int n = admin.build("other-steps");

        String result = admin.awaitResult("other-steps", n, BUILD);
        String log = admin.console("other-steps", n);
        assertThat(result).as(log).isEqualTo("SUCCESS");
        assertThat(log).contains("STATUS release=1.0.0 idle=true", "PAUSED PAUSED", "RESUMED PROGRESSING",
                "DEPLOY SUCCEEDED 1.1.0", "ROLLBACK SUCCEEDED 1.0.0", "FLAG new_inbox revision 1");
        assertThat(Releases.served(agent, "gmail_processor")).isEqualTo("1.0.0");
        try (AgentClient client = agent.client()) {
            JsonNode flag = client.flag("new_inbox");
            assertThat(flag.toString()).contains("25");
        }
        assertThat(PageText.of(admin.get("job/other-steps/" + n + "/").body()))
                .contains("Flag new_inbox on agent " + AGENT);
    }
}
