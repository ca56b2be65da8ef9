package io.jenkins.plugins.openclaw.e2e;

import io.jenkins.plugins.openclaw.RealAgent;
import java.io.IOException;

/** Puts an agent into the Jenkins under test the way an administrator would: a credential, then the configuration. */
public final class OpenClawSetup {
    private OpenClawSetup() {}

    /** A Secret Text credential through the Credentials API's REST endpoint. */
    public static void secretText(JenkinsHttp admin, String id, String secret, String scope)
            throws IOException, InterruptedException {
        String xml = """
                <org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>
                  <scope>%s</scope>
                  <id>%s</id>
                  <description>OpenClaw agent token (e2e)</description>
                  <secret>%s</secret>
                </org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>
                """.formatted(scope, id, JenkinsHttp.escapeXml(secret));
        JenkinsHttp.Answer a = admin.postXml("manage/credentials/store/system/domain/_/createCredentials", xml);
        if (a.status() != 200) {
            throw new IllegalStateException("createCredentials: " + a);
        }
    }

    /**
     * Adds (or replaces) an agent in Manage Jenkins &gt; System &gt; OpenClaw Deploy through the plugin's own
     * configuration object, which validates it as the form does.
     */
    public static void agent(JenkinsHttp admin, String name, String url, String fingerprint, String credentialsId)
            throws IOException, InterruptedException {
        String out = admin.script("""
                import io.jenkins.plugins.openclaw.*
                def c = OpenClawGlobalConfiguration.get()
                def others = c.agents.findAll { it.name != '%1$s' }
                c.agents = others + [new ConfiguredAgent('%1$s', '%2$s', '%3$s', '%4$s')]
                println "agents: " + c.agents*.name
                """.formatted(name, url, fingerprint, credentialsId));
        if (!out.contains(name)) {
            throw new IllegalStateException("configuring agent " + name + " failed: " + out);
        }
    }

    /** A credential of scope GLOBAL holding the agent's token, and the agent under {@code name}. */
    public static void agent(JenkinsHttp admin, String name, RealAgent agent) throws IOException, InterruptedException {
        secretText(admin, name + "-token", agent.token, "GLOBAL");
        agent(admin, name, agent.url.toString(), agent.fingerprint, name + "-token");
    }
}
